"""Both catalogues carry the same keys, with the same placeholders."""

from __future__ import annotations

import re
from pathlib import Path

import bangfu_cli.i18n as i18n

HERE = Path(i18n.__file__).parent


def test_zh_and_en_catalogue_files_are_paired():
    zh = sorted(p.name for p in (HERE / "zh").glob("*.toml"))
    en = sorted(p.name for p in (HERE / "en").glob("*.toml"))
    assert zh == en


def test_zh_and_en_catalogues_have_the_same_keys():
    zh, en = i18n.catalogue("zh"), i18n.catalogue("en")
    assert sorted(set(zh) - set(en)) == []
    assert sorted(set(en) - set(zh)) == []


def test_messages_use_the_same_placeholders_in_both_languages():
    zh, en = i18n.catalogue("zh"), i18n.catalogue("en")
    field = re.compile(r"\{(\w+)")
    different = {k for k in zh if set(field.findall(zh[k])) != set(field.findall(en[k]))}
    assert sorted(different) == []


def test_language_comes_from_the_locale_when_nothing_else_says(monkeypatch):
    for var in ("BANGFU_LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert i18n.detect_lang(["bangfu"]) == "zh"
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert i18n.detect_lang(["bangfu"]) == "en"
    monkeypatch.setenv("BANGFU_LANG", "zh")
    assert i18n.detect_lang(["bangfu"]) == "zh"
    assert i18n.detect_lang(["bangfu", "--lang", "en", "info"]) == "en"


def test_messages_come_out_in_the_chosen_language():
    i18n.set_lang("zh")
    assert "bangfu init" in i18n.t("ledger.missing", path="x.db")
    assert i18n.label("mode", "home") == "入户"
    i18n.set_lang("en")
    assert i18n.label("mode", "home") == "home"
