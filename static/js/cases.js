// The Glasgow CMPS-SF total as the vet picks descriptors (the server computes the stored one).
(function () {
  "use strict";
  function update(box) {
    var assessable = document.getElementById("id_pain_mobility_assessable");
    var mobilityOn = !assessable || assessable.checked;
    var total = 0, complete = true;
    box.querySelectorAll("[data-pain-item] select").forEach(function (select) {
      var isMobility = select.name === "pain_mobility";
      select.disabled = isMobility && !mobilityOn;
      if (isMobility && !mobilityOn) { select.value = ""; return; }
      if (select.value === "") { complete = false; } else { total += Number(select.value); }
    });
    var max = mobilityOn ? 24 : 20;
    var threshold = Number(box.dataset[mobilityOn ? "thresholdFull" : "thresholdNoMobility"]);
    document.getElementById("pain-total").textContent = complete ? total + "/" + max : "—";
    document.getElementById("pain-flag").classList.toggle("d-none", !(complete && total >= threshold));
  }
  document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("glasgow-pain");
    if (!box) { return; }
    box.addEventListener("change", function () { update(box); });
    update(box);
  });
})();
