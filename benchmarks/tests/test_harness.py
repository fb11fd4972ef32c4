from benchmarks.harness import Row, print_rounds


def _round(events_per_second: float) -> list[Row]:
    return [Row("webhooks", events_per_second, 100.0, "/s", 0.33)]


def test_the_table_of_rounds_shows_the_median_round_and_the_spread(capsys):
    print_rounds([_round(30), _round(40), _round(35)])

    line = capsys.readouterr().out.splitlines()[-1]
    assert "35.0 /s" in line
    assert "0.30-0.40" in line
    assert "2/3" in line


def test_a_goal_counts_as_met_only_when_every_round_met_it(capsys):
    assert print_rounds([_round(34), _round(40), _round(35)])
    assert not print_rounds([_round(30), _round(40), _round(35)])


def test_a_line_shown_without_a_goal_says_so_and_never_fails_the_table(capsys):
    explaining = [Row("an empty view", 90.0, 100.0, "ms", None, higher_is_better=False)]

    assert print_rounds([explaining, explaining, explaining])

    line = capsys.readouterr().out.splitlines()[-1]
    assert line.endswith("| - | - |")
