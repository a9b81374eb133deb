"""Connections are not conversations: a contact's keep-in-touch rhythm starts when you choose one or first
log an interaction, so importing hundreds of LinkedIn connections asks nothing of you."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from jobjournal.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "import"
TODAY = "2026-03-12"


def run(*args: str):
    result = CliRunner().invoke(main, list(args), env={"JOURNAL_TODAY": TODAY})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def connections(root: Path, count: int = 250) -> None:
    """LinkedIn's Connections.csv with `count` people connected since 2019, imported."""
    export = root.parent / "Connections.csv"
    rows = [
        f"Person{n},Number{n},https://www.linkedin.com/in/person-{n},,Company {n % 40},Engineer,"
        f"{1 + n % 28:02d} {['Jan', 'Apr', 'Jul', 'Oct'][n % 4]} {2019 + n % 7}"
        for n in range(count)
    ]
    preamble = (FIXTURES / "Connections.csv").read_text(encoding="utf-8").split("First Name,")[0]
    header = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    export.write_text(preamble + header + "\n".join(rows) + "\n", encoding="utf-8")
    result = run("import", str(export), "-j", str(root), "--write")
    assert f"create {count} contacts" in result.output, result.output


def today_items(site: Path) -> list[str]:
    """Each item of "what to do today", from its reason on (`overdue" ...`), in the page's order."""
    index = (site / "index.html").read_text()
    block = index.split('<section id="today"')[1].split('<section class="summary"')[0]
    items = block.split('<li class="today-item" ')[1:]
    return [item.split('data-reason="', 1)[1].split("</li>")[0] for item in items]


def test_importing_connections_adds_nothing_to_do_no_event_and_no_networking(journal, tmp_path):
    connections(journal.root)
    site = tmp_path / "site"
    run("build", str(journal.root), "-o", str(site))
    assert today_items(site) == []
    stale = (site / "stale.html").read_text()
    assert 'id="item-stale-' not in stale
    calendar = run("calendar", str(journal.root), "-o", "-").output
    assert "stay-in-touch-" not in calendar
    report = run("report", str(journal.root), "--from", "2019-01-01", "--format", "csv")
    assert "Networking" not in report.output
    page = (site / "contacts" / "person0-number0.html").read_text()
    assert "<dt>Connected</dt>" in page
    assert "from your first logged interaction, then every 30 days" in page


def test_the_first_logged_interaction_starts_the_rhythm(journal, tmp_path):
    connections(journal.root, 3)
    logged = run(
        "log",
        "person1-number1",
        "Coffee: she is hiring in the spring",
        "-j",
        str(journal.root),
        "--date",
        "2026-01-20",
    )
    assert logged.exit_code == 0, logged.output
    site = tmp_path / "site"
    run("build", str(journal.root), "-o", str(site))
    reasons = today_items(site)
    assert len(reasons) == 1 and reasons[0].startswith("overdue") and "person1-number1" in reasons[0]
    calendar = run("calendar", str(journal.root), "-o", "-").output
    assert "UID:stay-in-touch-person1-number1@journal" in calendar
    assert "stay-in-touch-person0-number0" not in calendar


def test_a_chosen_rhythm_asks_for_a_first_hello(journal, tmp_path):
    journal.write("journal.toml", "[stay_in_touch]\nrecruiter = 30\n")
    journal.contact("mei-chen", name="Mei Chen", tags="[recruiter]", connected="2026-01-28")
    journal.contact("sam", name="Sam O'Neil", stay_in_touch_days="60")
    journal.contact("igor", name="Igor Petrov", connected="2021-06-17")
    site = tmp_path / "site"
    run("build", str(journal.root), "-o", str(site))
    reasons = today_items(site)
    assert sorted(r.split('"')[0] for r in reasons) == ["overdue", "overdue"]
    assert "never contacted: say hello" in "".join(reasons)
    assert "igor" not in "".join(reasons)


def test_remind_never_contacted_brings_every_contact_back(journal, tmp_path):
    journal.write("journal.toml", "remind_never_contacted = true\n")
    journal.contact("igor", name="Igor Petrov", connected="2021-06-17")
    journal.contact("ann", name="Ann Lee")
    site = tmp_path / "site"
    run("build", str(journal.root), "-o", str(site))
    assert len(today_items(site)) == 2


def test_remind_never_contacted_must_be_true_or_false(journal):
    journal.write("journal.toml", 'remind_never_contacted = "yes"\n')
    journal.contact("ann", name="Ann Lee")
    result = run("check", str(journal.root))
    assert "journal.toml:1: 'remind_never_contacted' must be true or false, without quotes" in result.output


def test_a_new_contact_waits_for_its_first_interaction(journal, tmp_path):
    journal.root.mkdir(parents=True, exist_ok=True)
    created = run("new", "contact", "Ann Lee", "--company", "Litware", "-j", str(journal.root))
    assert created.exit_code == 0, created.output
    site = tmp_path / "site"
    run("build", str(journal.root), "-o", str(site))
    assert today_items(site) == []
    assert "from your first logged interaction" in (site / "contacts" / "ann-lee.html").read_text()


def test_connected_must_be_a_date(journal):
    journal.contact("ann", name="Ann Lee", connected="last spring")
    result = run("check", str(journal.root))
    assert "contacts/ann.md:3: 'connected': 'last spring' is not a valid date" in result.output
