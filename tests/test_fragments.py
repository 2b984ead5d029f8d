"""Raw HTML blocks are set aside from Markdown and put back unchanged; anything else stays Markdown."""

import markdown
import pytest

from build_scripts.site import fragments

PAGE = """## 見出し

<table class="t">
<tr><td>a &amp; b</td></tr>
</table>

本文の *強調*。

<div class="outer"><div>入れ子</div>
</div>

<div>閉じていない

</div>

<span>インライン</span>

<h2 id="a">兄弟</h2>
<div class="plan-text">要素が並ぶブロック</div>

<div>閉じた後に</div> 文字が続く

<div>閉じた後の行に</div>
*Markdown*

<hr>
"""


def test_complete_block_level_elements_are_set_aside_and_the_rest_stays():
    text, blocks = fragments.set_aside(PAGE)
    assert blocks == [
        '<table class="t">\n<tr><td>a &amp; b</td></tr>\n</table>',
        '<div class="outer"><div>入れ子</div>\n</div>',
        '<h2 id="a">兄弟</h2>\n<div class="plan-text">要素が並ぶブロック</div>',
        "<hr>\n",
    ]
    assert "## 見出し" in text and "本文の *強調*" in text
    assert (
        "<div>閉じていない" in text and "<span>インライン</span>" in text
    )  # not complete, or not block level
    assert "文字が続く" in text and "*Markdown*" in text  # text after an element: Markdown's paragraph
    assert text.count("chiiki-html-fragment-") == 4


def test_put_back_gives_what_markdown_gives_for_the_whole_page(tmp_path):
    text, blocks = fragments.set_aside(PAGE)
    source = tmp_path / "page.md"
    fragments.sidecar(source).write_bytes(fragments.sidecar_bytes(blocks))
    assert fragments.sidecar(source).name == "page.fragments.json"
    html = fragments.put_back(markdown.markdown(text), source)
    assert html.split() == markdown.markdown(PAGE).split()


def test_a_page_without_blocks_has_no_sidecar(tmp_path):
    text, blocks = fragments.set_aside("## 見出しだけ\n\n本文\n")
    assert blocks == [] and fragments.sidecar_bytes(blocks) is None
    assert fragments.put_back("<p>本文</p>", tmp_path / "page.md") == "<p>本文</p>"


def test_a_lost_placeholder_fails_loudly(tmp_path):
    (tmp_path / "page.fragments.json").write_bytes(fragments.sidecar_bytes(["<div>x</div>"]))
    with pytest.raises(ValueError, match="placeholders"):
        fragments.put_back("<p>別の内容</p>", tmp_path / "page.md")
