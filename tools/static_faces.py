"""Write the static instances of the book face that the print PDF embeds:
``python tools/static_faces.py`` (about 30 s), into ``edition/assets/fonts/``.

EB Garamond comes from ``fontpkg-eb-garamond`` as two variable fonts (a weight axis).
WeasyPrint embeds a variable font by instancing its subset at the weight used, once per
face and weight in every PDF it writes: the print writer writes one PDF per group of
documents, so on a large volume that was about 8% of a clean build. The print style sets
the weights 400, 500, 600 and 700; these instances (fontTools' instancer, the same that
WeasyPrint calls) are declared with their weights in ``edition/assets/face.py``. Rerun
after an upgrade of the font package; the tests check that the instances match it.
"""

from __future__ import annotations

from fontTools.ttLib import TTFont
from fontTools.varLib.instancer import instantiateVariableFont

from edition.assets.face import FACES, STATIC, STATIC_DIR, WEIGHTS


def main() -> None:
    STATIC_DIR.mkdir(exist_ok=True)
    for style, source in FACES.items():
        for weight in WEIGHTS:
            font = instantiateVariableFont(TTFont(str(source), recalcTimestamp=False),
                                           {"wght": weight},
                                           static=True, updateFontNames=False)
            font.save(str(STATIC[style, weight]))
            print(f"wrote {STATIC[style, weight]}")


if __name__ == "__main__":
    main()
