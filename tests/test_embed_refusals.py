"""What embeds (`![[...]]`) and `documents:` may never copy into the site: hidden files and folders
(`.git/`, `.env`, `.obsidian/`) and the site's own output folders, whatever the name or build."""

from __future__ import annotations

import os
import subprocess

from conftest import TODAY
from jobjournal.journal.load import load_journal
from sitetools import run_cli

SECRETS = {
    ".env": "API_KEY=sk-secret\n",
    ".obsidian/workspace.json": '{"k": 1}\n',
    "attachments/.private.pdf": "hidden file in a visible folder\n",
    ".git/hooks/pre-commit.sample": "#!/bin/sh\n",
}


def build(journal, *options):
    return run_cli("build", journal.root, "--today", TODAY.isoformat(), *options)


def copied(site) -> list[str]:
    files = site / "files"
    return (
        sorted(p.relative_to(files).as_posix() for p in files.rglob("*") if p.is_file())
        if files.exists()
        else []
    )


def test_hidden_files_and_git_internals_are_never_copied_with_a_warning_at_their_line(journal):
    for relative, text in SECRETS.items():
        (journal.root / relative).parent.mkdir(parents=True, exist_ok=True)
        (journal.root / relative).write_text(text)
    subprocess.run(["git", "init", "-q", str(journal.root)], check=True)  # .git/config is real
    (journal.root / "attachments" / "cv.pdf").write_text("%PDF the CV")
    journal.write(
        "applications/evil.md",
        """
        ---
        company: Evil
        role: R
        status: applied
        applied: 2026-11-01
        documents: [.env, .git/config, cv.pdf]
        ---
        ![[.git/hooks/pre-commit.sample]]
        ![[.obsidian/workspace.json]]
        ![[attachments/.private.pdf]]
        ![[cv.pdf]]
        """,
    )
    result = build(journal)
    assert "Traceback" not in result.output
    site = journal.root / "_site"
    assert copied(site) == ["attachments/cv.pdf"]
    page = (site / "applications" / "evil.html").read_text()
    assert "../files/.env" not in page and "../files/.git" not in page and "../files/.obsidian" not in page
    problems = [p.format() for p in load_journal(journal.root, today=TODAY).problems]
    hidden = "hidden files are never copied into the site"
    assert sorted(int(p.split(":")[1]) for p in problems if hidden in p) == [
        6,
        6,
        8,
        9,
        10,
    ]  # `documents:` twice, then each embed
    assert any(
        p.startswith("applications/evil.md:8: warning: ![[.git/hooks/pre-commit.sample]] is not copied")
        for p in problems
    )


def embeds_of_the_site(journal, folder: str) -> None:
    journal.application(
        "evil",
        f"![[{folder}/index.html]]\n![[{folder}/.journal-manifest.json]]\n![[{folder}/search-index.js]]\n",
    )


def test_the_default_output_folder_gives_the_same_answer_on_a_clean_and_a_second_build(journal):
    embeds_of_the_site(journal, "_site")
    first = build(journal)
    second = build(journal)
    site = journal.root / "_site"
    assert copied(site) == []
    assert first.output.count("![[_site/index.html]]") == second.output.count("![[_site/index.html]]") == 1
    problems = [p.format() for p in load_journal(journal.root, today=TODAY).problems]
    assert (
        "![[_site/index.html]] is not copied into the site: '_site' is a built site (journal's output)"
        in ("\n".join(problems))
    )
    assert not any("there is no file '_site" in p for p in problems)


def test_an_output_folder_inside_the_journal_is_never_a_source_either(journal):
    embeds_of_the_site(journal, "public")
    first = build(journal, "-o", journal.root / "public")
    second = build(journal, "-o", journal.root / "public")
    assert "Traceback" not in first.output + second.output
    assert copied(journal.root / "public") == []
    for result in (first, second):
        assert "![[public/index.html]] is not copied into the site: 'public' is a built site" in (
            result.output
        ), result.output


def test_a_link_into_a_hidden_folder_is_refused_as_its_target_is(journal):
    (journal.root / ".obsidian").mkdir()
    (journal.root / ".obsidian" / "workspace.json").write_text("{}")
    (journal.root / "attachments").mkdir()
    os.symlink(journal.root / ".obsidian" / "workspace.json", journal.root / "attachments" / "ws.json")
    journal.application("evil", "![[attachments/ws.json]]\n")
    build(journal)
    assert copied(journal.root / "_site") == []
    problems = [p.format() for p in load_journal(journal.root, today=TODAY).problems]
    assert any("![[attachments/ws.json]]" in p and "hidden" in p for p in problems), problems


def test_an_embedded_pipe_is_said_to_be_no_regular_file(journal):
    os.mkfifo(journal.root / "pipe.png")
    journal.application("evil", "![[pipe.png]]\n")
    result = build(journal)
    assert "![[pipe.png]] is not copied into the site: it is not a regular file" in result.output, (
        result.output
    )


def test_an_embed_of_an_entry_name_keeps_its_bang_in_the_message(journal):
    journal.application("evil", "![[.git/logs/HEAD]]\n")
    problems = [p.format() for p in load_journal(journal.root, today=TODAY).problems]
    assert problems == [
        "applications/evil.md:7: warning: ![[.git/logs/HEAD]] links to no entry; create the note, or fix the name"
    ]
