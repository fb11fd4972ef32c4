"""The back office's list page (every ModelAdmin's, `backoffice.admin_base`)."""

from unfold.views import ChangeList as ThemeChangeList


class ChangeList(ThemeChangeList):
    """The theme's list, whose header says "10 results (Show all)" only when a filter or a
    search narrows it. A list that skips counting every row (`show_full_result_count =
    False`) does not know its total, so the theme took every page for a filtered one; a
    list neither filtered nor searched holds every row, and its count is that total."""

    def get_results(self, request) -> None:
        super().get_results(request)
        if self.full_result_count is None and not (self.has_active_filters or self.query):
            self.full_result_count = self.result_count
