"""Kana → Hepburn romaji, for the English names of municipalities. Only the reference data's own kana readings
are converted (municipalities.csv `kana`): a reading is never guessed from kanji.

The style is the one Japan's road signs and Japan Post's English addresses use: modified Hepburn without
macrons (とうきょう → Tokyo, おおさか → Osaka), ん as n (n' before a vowel or y), っ doubling the next consonant
(っち → tch), and the municipality's kind after a hyphen (さっぽろし → Sapporo-shi)."""

import unicodedata

_BASIC = {
    "あ": "a", "い": "i", "う": "u", "え": "e", "お": "o",
    "か": "ka", "き": "ki", "く": "ku", "け": "ke", "こ": "ko",
    "が": "ga", "ぎ": "gi", "ぐ": "gu", "げ": "ge", "ご": "go",
    "さ": "sa", "し": "shi", "す": "su", "せ": "se", "そ": "so",
    "ざ": "za", "じ": "ji", "ず": "zu", "ぜ": "ze", "ぞ": "zo",
    "た": "ta", "ち": "chi", "つ": "tsu", "て": "te", "と": "to",
    "だ": "da", "ぢ": "ji", "づ": "zu", "で": "de", "ど": "do",
    "な": "na", "に": "ni", "ぬ": "nu", "ね": "ne", "の": "no",
    "は": "ha", "ひ": "hi", "ふ": "fu", "へ": "he", "ほ": "ho",
    "ば": "ba", "び": "bi", "ぶ": "bu", "べ": "be", "ぼ": "bo",
    "ぱ": "pa", "ぴ": "pi", "ぷ": "pu", "ぺ": "pe", "ぽ": "po",
    "ま": "ma", "み": "mi", "む": "mu", "め": "me", "も": "mo",
    "や": "ya", "ゆ": "yu", "よ": "yo",
    "ら": "ra", "り": "ri", "る": "ru", "れ": "re", "ろ": "ro",
    "わ": "wa", "ゐ": "i", "ゑ": "e", "を": "o",
    "ぁ": "a", "ぃ": "i", "ぅ": "u", "ぇ": "e", "ぉ": "o", "ゔ": "vu",
}  # fmt: skip
# A kana with a small ゃ・ゅ・ょ: its consonant (き → ky, し → sh, ち → ch, じ → j).
_YOON = {"き": "ky", "ぎ": "gy", "し": "sh", "じ": "j", "ち": "ch", "ぢ": "j", "に": "ny", "ひ": "hy", "び": "by",
         "ぴ": "py", "み": "my", "り": "ry"}  # fmt: skip
_SMALL_Y = {"ゃ": "a", "ゅ": "u", "ょ": "o"}
# Long vowels written out in kana, shortened as on road signs (Tokyo, Osaka, Yubari); ei and ii are kept.
_LONG = (("ou", "o"), ("oo", "o"), ("uu", "u"))

# The kind of municipality at the end of its name, and how its reading of it is written.
KINDS = {"市": {"し": "shi"}, "区": {"く": "ku"}, "町": {"まち": "machi", "ちょう": "cho"},
         "村": {"むら": "mura", "そん": "son"}}  # fmt: skip


def hiragana(text: str) -> str:
    """Katakana as hiragana (NFKC first: half-width kana too)."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in text)


def hepburn(kana: str) -> str:
    """A reading in kana as romaji, lower case. Characters that are not kana are kept as they are."""
    text, out, i = hiragana(kana), [], 0
    while i < len(text):
        char, after = text[i], text[i + 1 : i + 2]
        if char in _YOON and after in _SMALL_Y:
            out.append(_YOON[char] + _SMALL_Y[after])
            i += 2
            continue
        if char == "っ":
            out.append("\0")  # doubles the next consonant, resolved below
        elif char == "ん":
            out.append("n'" if after and (after in "あいうえおやゆよ") else "n")
        elif char == "ー":
            out.append("")  # a long vowel mark: dropped like other long vowels
        else:
            out.append(_BASIC.get(char, char))
        i += 1
    return _shorten(_double_consonants(out))


def _double_consonants(parts: list[str]) -> str:
    text = ""
    for index, part in enumerate(parts):
        if part == "\0":
            following = next((p for p in parts[index + 1 :] if p and p != "\0"), "")
            text += "t" if following.startswith("ch") else following[:1]
        else:
            text += part
    return text


def _shorten(text: str) -> str:
    for long, short in _LONG:
        text = text.replace(long, short)
    return text


def place_name(kana: str) -> str:
    """「さっぽろ」 → 「Sapporo」."""
    romaji = hepburn(kana)
    return romaji[:1].upper() + romaji[1:]


def municipality_name(name: str, kana: str) -> str:
    """A municipality's English name from its own reading: 札幌市 さっぽろし → Sapporo-shi, 千代田区 ちよだく →
    Chiyoda-ku. Where the reading does not end in a reading of the name's kind, the whole reading is converted."""
    kana = hiragana(kana)
    for reading, word in KINDS.get(name[-1:], {}).items():
        if kana.endswith(reading) and len(kana) > len(reading):
            return f"{place_name(kana[: -len(reading)])}-{word}"
    return place_name(kana)
