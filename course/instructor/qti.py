"""Exercises as an IMS QTI 2.1 content package (``pm-course export-quiz --format qti``).

A zip of one ``assessmentItem`` per exercise and ``imsmanifest.xml``. Choice is a
``choiceInteraction`` scored by map_response (the course's shares, floored at 0),
numeric a float ``textEntryInteraction`` right within the course's tolerance,
match and categorize a ``matchInteraction`` of directed pairs. The mapping of
exercises to questions is :mod:`course.instructor.quiz`'s.
"""

from __future__ import annotations

import io
import re
import zipfile
from xml.etree import ElementTree as ET

from course.instructor.quizmap import choice_shares, tolerance

QTI = "http://www.imsglobal.org/xsd/imsqti_v2p1"


NCNAME = re.compile(r"[A-Za-z_][A-Za-z0-9._-]*")


def ncname(name: str) -> str:
    """``name`` as an XML NCName, which QTI identifiers must be: ids that start with a
    digit (``01-x``) get an ``id-`` prefix, the same everywhere they appear.

    >>> ncname("pmp"), ncname("01-start")
    ('pmp', 'id-01-start')
    """
    return name if NCNAME.fullmatch(name) else f"id-{name}"


def _qti_item(exercise) -> ET.Element:
    data = exercise.data
    item = ET.Element(
        "assessmentItem",
        {
            "xmlns": QTI,
            "identifier": ncname(exercise.id),
            "title": exercise.title,
            "adaptive": "false",
            "timeDependent": "false",
        },
    )
    body = ET.Element("itemBody")
    body.append(xhtml(exercise.prompt))
    if exercise.type == "choice":
        _qti_choice(item, body, data)
    elif exercise.type == "numeric":
        _qti_numeric(item, body, data)
    else:
        _qti_match(item, body, exercise)
    item.append(body)
    return item


def xhtml(text: str) -> ET.Element:
    """A prompt (HTML with ``<b>``, ``<code>``, ``<br>``) as a QTI ``<div>``; text that is
    not well-formed markup goes in as plain, escaped text."""
    fixed = re.sub(r"<br\s*>", "<br/>", text)
    try:
        return ET.fromstring(f'<div xmlns="{QTI}">{fixed}</div>')
    except ET.ParseError:
        div = ET.Element("div")
        div.text = text
        return div


def _declare(item, cardinality: str, base: str, correct: list[str]) -> ET.Element:
    decl = ET.SubElement(
        item,
        "responseDeclaration",
        {"identifier": "RESPONSE", "cardinality": cardinality, "baseType": base},
    )
    values = ET.SubElement(decl, "correctResponse")
    for value in correct:
        ET.SubElement(values, "value").text = value
    return decl


def _outcome(item) -> None:
    outcome = ET.SubElement(
        item,
        "outcomeDeclaration",
        {"identifier": "SCORE", "cardinality": "single", "baseType": "float"},
    )
    ET.SubElement(ET.SubElement(outcome, "defaultValue"), "value").text = "0"


def _qti_choice(item, body, data) -> None:
    multiple = data.get("multiple", False)
    right = [ncname(o["id"]) for o in data["options"] if o["correct"]]
    decl = _declare(item, "multiple" if multiple else "single", "identifier", right)
    mapping = ET.SubElement(decl, "mapping", {"lowerBound": "0", "defaultValue": "0"})
    for option, share in choice_shares(data):
        ET.SubElement(
            mapping, "mapEntry", {"mapKey": ncname(option["id"]), "mappedValue": f"{share:g}"}
        )
    _outcome(item)
    interaction = ET.SubElement(
        body,
        "choiceInteraction",
        {
            "responseIdentifier": "RESPONSE",
            "shuffle": "true",
            "maxChoices": "0" if multiple else "1",
        },
    )
    for option in data["options"]:
        ET.SubElement(
            interaction, "simpleChoice", {"identifier": ncname(option["id"])}
        ).text = option["text"]
    ET.SubElement(
        item,
        "responseProcessing",
        {"template": "http://www.imsglobal.org/question/qti_v2p1/rptemplates/map_response"},
    )


def _qti_numeric(item, body, data) -> None:
    _declare(item, "single", "float", [f"{data['answer']:g}"])
    _outcome(item)
    para = ET.SubElement(body, "p")
    ET.SubElement(
        para, "textEntryInteraction", {"responseIdentifier": "RESPONSE", "expectedLength": "12"}
    )
    processing = ET.SubElement(item, "responseProcessing")
    condition = ET.SubElement(ET.SubElement(processing, "responseCondition"), "responseIf")
    t = f"{tolerance(data):g}"
    equal = ET.SubElement(
        condition, "equal", {"toleranceMode": "absolute", "tolerance": f"{t} {t}"}
    )
    ET.SubElement(equal, "variable", {"identifier": "RESPONSE"})
    ET.SubElement(equal, "correct", {"identifier": "RESPONSE"})
    set_score = ET.SubElement(condition, "setOutcomeValue", {"identifier": "SCORE"})
    ET.SubElement(set_score, "baseValue", {"baseType": "float"}).text = "1"


def _qti_match(item, body, exercise) -> None:
    data = exercise.data
    left, right_list = ("left", "right") if exercise.type == "match" else ("items", "buckets")
    targets = data[right_list]
    correct = [f"{ncname(i['id'])} {ncname(i['answer'])}" for i in data[left]]
    decl = _declare(item, "multiple", "directedPair", correct)
    share = 1 / len(correct)
    mapping = ET.SubElement(decl, "mapping", {"lowerBound": "0", "defaultValue": "0"})
    for pair in correct:
        ET.SubElement(mapping, "mapEntry", {"mapKey": pair, "mappedValue": f"{share:.6g}"})
    _outcome(item)
    interaction = ET.SubElement(
        body,
        "matchInteraction",
        {"responseIdentifier": "RESPONSE", "shuffle": "true", "maxAssociations": str(len(correct))},
    )
    sources = ET.SubElement(interaction, "simpleMatchSet")
    for i in data[left]:
        attrs = {"identifier": ncname(i["id"]), "matchMax": "1"}
        ET.SubElement(sources, "simpleAssociableChoice", attrs).text = i["text"]
    sinks = ET.SubElement(interaction, "simpleMatchSet")
    for t in targets:
        attrs = {"identifier": ncname(t["id"]), "matchMax": "0"}
        ET.SubElement(sinks, "simpleAssociableChoice", attrs).text = t.get("text") or t["label"]
    ET.SubElement(
        item,
        "responseProcessing",
        {"template": "http://www.imsglobal.org/question/qti_v2p1/rptemplates/map_response"},
    )


def qti_package(chosen: list[tuple[str, object]]) -> bytes:
    """A QTI 2.1 content package (zip bytes): ``<id>.xml`` per item and ``imsmanifest.xml``."""
    manifest = ET.Element(
        "manifest",
        {"xmlns": "http://www.imsglobal.org/xsd/imscp_v1p1", "identifier": "pm-course-questions"},
    )
    ET.SubElement(manifest, "organizations")
    resources = ET.SubElement(manifest, "resources")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for _, exercise in chosen:
            name = f"{exercise.id}.xml"
            item = _qti_item(exercise)
            ET.indent(item)
            package.writestr(name, ET.tostring(item, encoding="utf-8", xml_declaration=True))
            attrs = {"identifier": ncname(exercise.id), "type": "imsqti_item_xmlv2p1", "href": name}
            ET.SubElement(ET.SubElement(resources, "resource", attrs), "file", {"href": name})
        ET.indent(manifest)
        package.writestr(
            "imsmanifest.xml", ET.tostring(manifest, encoding="utf-8", xml_declaration=True)
        )
    return out.getvalue()
