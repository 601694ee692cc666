#!/usr/bin/env bash
# Lighthouse (npm package, system Chromium) scores of the main pages, mobile and desktop presets, served with
# production settings by gunicorn and WhiteNoise. Prints a table; writes benchmarks/results/lighthouse.json.
# Usage: bash benchmarks/lighthouse.sh   (after `make run` or `make test` has installed everything)
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${LIGHTHOUSE_PORT:-8766}"
OUT="$(mktemp -d)"
export DJANGO_SECRET_KEY="lighthouse-only-not-secret" DJANGO_DEBUG=0 DJANGO_HTTPS=0 DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost"
export DATABASE_URL="${DATABASE_URL:-sqlite:///$OUT/lighthouse.sqlite3}"
export CHROME_PATH=/usr/bin/chromium

.venv/bin/python manage.py migrate --no-input -v0
.venv/bin/python manage.py load_gwangju -v0 >/dev/null
DJANGO_DEBUG=1 .venv/bin/python manage.py seed_demo --if-empty --programs 200 --events 60 --seed 7 >/dev/null
.venv/bin/python manage.py collectstatic --no-input -v0
.venv/bin/gunicorn --bind "127.0.0.1:$PORT" --workers 2 --log-level warning gwangju_portal.wsgi &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$OUT"' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done

PROGRAM=$(.venv/bin/python manage.py shell -v 0 -c "from programs.models import Program; print(Program.objects.published().filter(slug__startswith='sample-').order_by('pk').first().get_absolute_url())")
PARTNER=/partners/gwangju-techno-park/
MONTH=$(date +/events/%Y/%-m/)
PAGES=("/" "/programs/" "$PROGRAM" "/events/" "$MONTH" "$PARTNER" "/search/?q=%EC%B0%BD%EC%97%85" "/en/programs/")

for page in "${PAGES[@]}"; do
  for preset in mobile desktop; do
    name=$(echo "$page-$preset" | tr -c 'a-zA-Z0-9-' '_')
    extra=()
    [ "$preset" = desktop ] && extra=(--preset=desktop)
    # Lighthouse's trace recording fails now and then (NO_NAVSTART): such a run is tried again.
    for attempt in 1 2 3; do
      if node_modules/.bin/lighthouse "http://127.0.0.1:$PORT$page" "${extra[@]}" --quiet \
        --only-categories=performance,accessibility,best-practices,seo \
        --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run" \
        --output=json --output-path="$OUT/$name.json" 2>/dev/null \
        && ! grep -q '"runtimeError"' "$OUT/$name.json"; then
        break
      fi
      echo "lighthouse run $attempt failed on $page ($preset)" >&2
    done
  done
done

.venv/bin/python - "$OUT" <<'PY'
import json, sys
from datetime import datetime
from pathlib import Path

rows = []
for report in sorted(Path(sys.argv[1]).glob("*.json")):
    data = json.loads(report.read_text())
    if data.get("runtimeError"):
        print(f"failed: {data['finalDisplayedUrl']}: {data['runtimeError']['code']}")
        continue
    scores = {key: round((value["score"] or 0) * 100) for key, value in data["categories"].items()}
    transfer = sum(item.get("transferSize", 0) for item in data["audits"]["network-requests"]["details"]["items"])
    rows.append({"url": data["finalDisplayedUrl"].split(":", 2)[-1].split("/", 1)[-1],
                 "preset": data["configSettings"]["formFactor"], **scores, "transfer_kb": round(transfer / 1024, 1)})
print(f"{'page':45} {'preset':8} {'perf':>5} {'a11y':>5} {'best':>5} {'seo':>5} {'KB':>7}")
for row in rows:
    print(f"/{row['url'][:44]:44} {row['preset']:8} {row['performance']:5} {row['accessibility']:5} "
          f"{row['best-practices']:5} {row['seo']:5} {row['transfer_kb']:7}")
out = Path("benchmarks/results/lighthouse.json")
out.parent.mkdir(exist_ok=True)
out.write_text(json.dumps({"date": datetime.now().astimezone().isoformat(timespec="seconds"), "pages": rows}, indent=2) + "\n")
PY
