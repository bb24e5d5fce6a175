// The course editor's "Rule that applies" panel (courses.panels.EffectiveRulePanel): the tick
// box "quizzes do not decide the result" switches between the two rules the server worked
// out; a change to the completion requirements themselves says the rule shows once saved.
(function () {
    "use strict";

    var FIELD = "completion_requirements";

    function requirementsState(form) {
        // What the form would send for the requirements: compared with the state on load, so
        // that the editor setting itself up is not taken for a change.
        var entries = [];
        new FormData(form).forEach(function (value, name) {
            if (name.indexOf(FIELD) === 0 && typeof value === "string") {
                entries.push(name + "=" + value);
            }
        });
        return entries.join("&");
    }

    function follow(panel) {
        var form = panel.closest("form");
        if (!form) {
            return;
        }
        var optional = form.querySelector("[name='graded_activities_optional']");
        var requirements = form.querySelector("[data-contentpath='" + FIELD + "']");
        var changed = panel.querySelector("[data-effective-rule-changed]");

        function showRule() {
            var wanted = optional && optional.checked ? "optional" : "required";
            panel.querySelectorAll("[data-rules-when]").forEach(function (element) {
                element.hidden = element.dataset.rulesWhen !== wanted;
            });
        }

        if (optional) {
            optional.addEventListener("change", showRule);
        }
        if (requirements && changed) {
            var initial = requirementsState(form);
            var check = function () {
                changed.hidden = requirementsState(form) === initial;
            };
            requirements.addEventListener("input", check);
            requirements.addEventListener("change", check);
            // Adding, moving or removing a requirement changes the form without an input event.
            new MutationObserver(check).observe(requirements, {
                childList: true,
                subtree: true,
                attributes: true,
            });
        }
    }

    window.addEventListener("load", function () {
        document.querySelectorAll("[data-effective-rule]").forEach(follow);
    });
})();
