"""Korean particles chosen from the word they follow, as a Korean writer does: "창업으로", "AI로", "“데모데이”를".

Translations keep the translator's marker for a particle after a value they cannot know ("“%(record)s”을(를)",
"%(email)s(으)로"); `resolve_particles` replaces each marker with the particle the preceding word takes. It runs on
every HTML page (ParticleMiddleware) and every email (core.mail), so no raw "(으)로" or "을(를)" reaches a reader.
"""

import re

HANGUL_FIRST, HANGUL_LAST = 0xAC00, 0xD7A3
RIEUL = 8  # the final consonant ㄹ, which takes 로 rather than 으로

# How a digit or a Latin letter is read aloud, by its final sound: None (a vowel), "ㄹ", or another consonant.
DIGIT_FINALS = {
    "0": "ㅇ",
    "1": "ㄹ",
    "2": None,
    "3": "ㅁ",
    "4": None,
    "5": None,
    "6": "ㄱ",
    "7": "ㄹ",
    "8": "ㄹ",
    "9": None,
}
LETTER_FINALS = {"l": "ㄹ", "r": "ㄹ", "m": "ㅁ", "n": "ㄴ"}

# (marker, with a final consonant, without one, after ㄹ)
PARTICLES = [
    ("을(를)", "을", "를", "을"),
    ("를(을)", "을", "를", "을"),
    ("이(가)", "이", "가", "이"),
    ("가(이)", "이", "가", "이"),
    ("은(는)", "은", "는", "은"),
    ("는(은)", "은", "는", "은"),
    ("과(와)", "과", "와", "과"),
    ("와(과)", "과", "와", "과"),
    ("(으)로", "으로", "로", "로"),
    ("(이)라는", "이라는", "라는", "이라는"),
    ("(이)", "이", "", "이"),
]
MARKERS = "|".join(re.escape(marker) for marker, *_forms in PARTICLES)
FORMS = {marker: forms for marker, *forms in PARTICLES}
# The word's last character, then what may stand between it and the marker: closing quotes and brackets, end tags.
MARKER_BYTES = re.compile(MARKERS.encode())  # a page without any is passed on without decoding it
PATTERN = re.compile(rf"([0-9A-Za-z\uac00-\ud7a3])((?:</[a-z]+>|[”\"’'」』)\]])*)({MARKERS})")


def final_sound(character):
    """None when the character ends in a vowel, "ㄹ" or another consonant otherwise."""
    code = ord(character)
    if HANGUL_FIRST <= code <= HANGUL_LAST:
        final = (code - HANGUL_FIRST) % 28
        return None if final == 0 else ("ㄹ" if final == RIEUL else "other")
    if character.isdigit():
        return DIGIT_FINALS[character]
    return LETTER_FINALS.get(character.lower())


def particle(word, marker):
    """The particle `marker` ("을(를)", "(으)로"...) as `word` takes it."""
    with_final, without_final, after_rieul = FORMS[marker]
    sound = final_sound(word.rstrip("”\"’'」』) ")[-1]) if word.strip() else None
    if sound is None:
        return without_final
    return after_rieul if sound == "ㄹ" else with_final


def resolve_particles(text):
    """Text with each particle marker replaced by the particle its preceding word takes."""
    if "(" not in text:
        return text
    return PATTERN.sub(lambda found: found[1] + found[2] + particle(found[1], found[3]), text)


class ParticleMiddleware:
    """Resolves particle markers in HTML pages (core.korean), after the view and before the page cache keeps them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
            and MARKER_BYTES.search(response.content)
        ):
            charset = response.charset or "utf-8"
            text = response.content.decode(charset)
            resolved = resolve_particles(text)
            if resolved != text:
                response.content = resolved.encode(charset)
                if response.has_header("Content-Length"):
                    response["Content-Length"] = str(len(response.content))
        return response
