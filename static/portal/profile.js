// A remembered founder profile (programs/profile.py): the page, the same for every visitor, asks an uncached
// address for this visitor's answers and marks each program it shows. Text only (textContent), no HTML.
(function () {
  "use strict";
  var bar = document.getElementById("portal-profile");
  if (!bar || document.cookie.indexOf("founder_profile=") === -1) {
    return; // no remembered answers: no request
  }
  var targets = document.querySelectorAll("[data-fit-for]");
  var slugs = [];
  targets.forEach(function (target) {
    if (slugs.indexOf(target.dataset.fitFor) === -1) {
      slugs.push(target.dataset.fitFor);
    }
  });
  var query = slugs.map(function (slug) { return "p=" + encodeURIComponent(slug); }).join("&");

  var BADGES = { fits: "text-bg-success", check: "text-bg-warning", not_for_you: "text-bg-secondary" };

  function element(tag, className, text) {
    var made = document.createElement(tag);
    if (className) { made.className = className; }
    if (text) { made.textContent = text; }
    return made;
  }

  function link(action, className) {
    var anchor = element("a", className, action.label);
    anchor.href = action.url;
    return anchor;
  }

  function showProfile(profile) {
    var body = element("div", "container d-flex flex-wrap align-items-center gap-2 py-2");
    body.appendChild(element("strong", "", profile.title));
    body.appendChild(element("span", "portal-profile-summary", profile.summary.join(" · ")));
    body.appendChild(link(profile.show, "btn btn-sm btn-primary"));
    body.appendChild(link(profile.alert, "btn btn-sm btn-outline-primary"));
    body.appendChild(link(profile.change, "btn btn-sm btn-outline-secondary"));
    var forget = element("form", "d-inline");
    forget.method = "post";
    forget.action = profile.forget.url;
    [["csrfmiddlewaretoken", profile.forget.csrf], ["next", window.location.pathname + window.location.search]]
      .forEach(function (pair) {
        var input = element("input");
        input.type = "hidden";
        input.name = pair[0];
        input.value = pair[1];
        forget.appendChild(input);
      });
    forget.appendChild(element("button", "btn btn-sm btn-outline-danger", profile.forget.label));
    forget.lastChild.type = "submit";
    body.appendChild(forget);
    bar.appendChild(body);
    bar.hidden = false;
  }

  function showVerdict(target, result) {
    if (target.dataset.fitDetail !== undefined) {
      var detail = element("div", "portal-remembered-fit portal-fit-" + result.fit);
      detail.appendChild(element("p", "fw-bold mb-1", result.sentence));
      var list = element("ul", "portal-checks mb-3");
      result.checks.forEach(function (check) {
        var item = element("li", "portal-check-" + check.verdict);
        item.appendChild(element("strong", "", check.label));
        item.appendChild(document.createTextNode(" · " + check.text));
        list.appendChild(item);
      });
      detail.appendChild(list);
      target.appendChild(detail);
    } else {
      target.appendChild(element("span", "badge " + BADGES[result.fit], result.badge));
    }
    target.hidden = false;
  }

  var options = { credentials: "same-origin", headers: { Accept: "application/json" } };
  fetch(bar.dataset.src + (query ? "?" + query : ""), options)
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (answer) {
      if (!answer || !answer.profile) { return; }
      showProfile(answer.profile);
      targets.forEach(function (target) {
        var result = answer.programs[target.dataset.fitFor];
        if (result) { showVerdict(target, result); }
      });
    })
    .catch(function () { /* the page works as it is without the remembered answers */ });
})();
