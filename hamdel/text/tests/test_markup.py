from hamdel.text.markup import text_of_html


def test_blocks_become_lines_and_markup_goes() -> None:
    html = "<div><p>Hello <b>there</b>,</p><ul><li>one</li><li>two</li></ul></div>"
    assert text_of_html(html) == "Hello there,\none\ntwo"


def test_scripts_styles_and_entities() -> None:
    html = "<style>p{}</style><script>alert(1)</script><p>Tom &amp; Jerry&nbsp;!</p>"
    assert text_of_html(html) == "Tom & Jerry\xa0!"
