"""docs/imports.md, the clerk's table of what each import refuses and what it accepts with a
warning, names only warnings bangfu gives, and every warning an import gives is in it; the
README's section on imports links it."""

from __future__ import annotations

import re
import tomllib

from tests.conftest import ROOT

DOC = (ROOT / "docs" / "imports.md").read_text(encoding="utf-8")
I18N = ROOT / "src" / "bangfu_cli" / "i18n"


def _warning_names_in_the_doc() -> set[str]:
    rows = [line for line in DOC.splitlines() if line.startswith("|") and "提示 warning" in line]
    return {name for row in rows for name in re.findall(r"`([a-z_]+)`", row.split("|")[1])} - {
        "code", "since", "plaque_on", "phone"  # column names named beside the warning
    }  # fmt: skip


def _warning_keys(lang: str) -> set[str]:
    """The last part of every message key the imports' and adds' warnings use."""
    found = set()
    for path in (I18N / lang).glob("*.toml"):
        table = tomllib.loads(path.read_text(encoding="utf-8"))
        stack = [table]
        while stack:
            node = stack.pop()
            for key, value in node.items():
                if isinstance(value, dict):
                    stack.append(value)
                else:
                    found.add(key)
    return found


def test_every_warning_the_doc_names_is_a_message_in_both_languages():
    names = _warning_names_in_the_doc()
    assert {"years_back", "unusual_phone", "maybe_duplicate", "plaque_before_start"} <= names
    for lang in ("en", "zh"):
        assert names <= _warning_keys(lang), (lang, names - _warning_keys(lang))


def test_every_warning_given_in_the_code_is_in_the_doc():
    source = "\n".join(
        p.read_text(encoding="utf-8") for p in (ROOT / "src" / "bangfu_cli" / "services").glob("*.py")
    )
    given = set(
        re.findall(r'(?:warn\(\s*line,\s*|message\(\s*)"(?:records|visits|assist)\.([a-z_]+)"', source)
    )
    warnings = {n for n in given if n in _warning_names_in_the_doc() or _said_as_warning(source, n)}
    assert warnings <= _warning_names_in_the_doc()


# how the services give a warning: ``result.warn(line, "…")``, ``problems.note(line, message("…"))``,
# a list of messages returned or appended (``warnings.append(message("…"))``, ``return [message("…")]``)
_GIVEN = r'(?:result\.warn|\.note|warnings\.append|return \[)\(?\s*(?:line,\s*)?(?:message\()?\s*"[a-z]+\.'


def _said_as_warning(source: str, name: str) -> bool:
    return bool(re.search(_GIVEN + name + '"', source))


def test_the_readme_links_the_doc_from_its_imports_section():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Imports", 1)[1].split("\n## ", 1)[0]
    assert "(docs/imports.md)" in section
