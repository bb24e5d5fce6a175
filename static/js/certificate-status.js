// "Your certificate is being prepared": ask every few seconds, then offer the download.
// Without JavaScript the page says to come back (the link is on My learning once ready).
(function () {
  "use strict";
  document.querySelectorAll("[data-certificate-status]").forEach(function (box) {
    var tries = 0;
    function ask() {
      tries += 1;
      fetch(box.dataset.certificateStatus, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (body) {
          if (body && body.status === "issued" && body.url) {
            var link = document.createElement("a");
            link.className = "button";
            link.href = body.url;
            link.setAttribute("download", "");
            link.textContent = box.dataset.readyLabel;
            box.replaceChildren(link);
            box.classList.remove("muted");
          } else if (tries < 60) {
            window.setTimeout(ask, Math.min(2000 + tries * 500, 10000));
          }
        })
        .catch(function () { if (tries < 60) { window.setTimeout(ask, 10000); } });
    }
    window.setTimeout(ask, 1500);
  });
})();
