from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "linkwork.outcomes"
    label = "outcomes"

    def ready(self):
        # outcomes -> casework is the allowed direction: casework's pages call these hooks.
        from linkwork.casework import hooks
        from linkwork.outcomes.views.case_panel import case_panel
        from linkwork.outcomes.views.closure import exit_prompt_url

        if exit_prompt_url not in hooks.after_closing:
            hooks.after_closing.append(exit_prompt_url)
        if case_panel not in hooks.case_page_panels:
            hooks.case_page_panels.append(case_panel)
