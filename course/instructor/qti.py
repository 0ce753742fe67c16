"""Exercises as an IMS QTI 2.1 content package (``pm-course export-quiz --format qti``).

A zip of one ``assessmentItem`` per question, an ``assessmentTest`` (``test.xml``:
a section per notebook, in notebook order) and ``imsmanifest.xml`` naming them
all. Every item scores out of the exercise's points (``SCORE``, with
``normalMaximum`` and a ``MAXSCORE`` outcome) and carries the course's feedback
as ``modalFeedback``: each choice option's own feedback, and the explanation
(or each item's, ``item: why``) for every type.

Choice is a ``choiceInteraction`` scored by ``mapResponse`` (the course's shares,
floored at 0), numeric a float ``textEntryInteraction`` right within the
course's tolerance, match and categorize a ``matchInteraction`` of directed
pairs, order an ``orderInteraction`` scored as the course scores it: each item
at its right step earns its share. A ``draw`` exercise is its draw-sized
variants (:func:`course.instructor.quizmap.variants`) in a section that selects
one of them. The mapping of exercises to questions is :mod:`course.instructor.quizmap`'s.
"""

from __future__ import annotations

import io
import re
import zipfile
from xml.etree import ElementTree as ET

from course.content.notebooks import notebook_title
from course.core import types
from course.instructor.quizmap import (
    choice_shares,
    exact,
    general_feedback,
    prompt,
    tolerance,
    variants,
)

QTI = "http://www.imsglobal.org/xsd/imsqti_v2p1"
CP = "http://www.imsglobal.org/xsd/imscp_v1p1"
# identifiers of our own, in capitals: exercise and option ids are lowercase, so no
# item, option or resource can take one of these
GENERAL, TEST = "GENERAL", "TEST"

NCNAME = re.compile(r"[A-Za-z_][A-Za-z0-9._-]*")


def ncname(name: str) -> str:
    """``name`` as an XML NCName, which QTI identifiers must be: ids that start with a
    digit (``01-x``) get an ``id-`` prefix, the same everywhere they appear.

    >>> ncname("pmp"), ncname("01-start")
    ('pmp', 'id-01-start')
    """
    return name if NCNAME.fullmatch(name) else f"id-{name}"


def el(parent, tag: str, attrs: dict | None = None, text: str | None = None) -> ET.Element:
    """A QTI element, under ``parent`` when one is given. Elements are written without a
    prefix and each root declares the QTI namespace as the default (``xmlns``), so the
    prompt's XHTML is in it too and no ``ns0:`` prefix appears."""
    node = ET.Element(tag, attrs or {})
    if parent is not None:
        parent.append(node)
    node.text = text
    return node


def xhtml(text: str) -> ET.Element:
    """A prompt (HTML with ``<b>``, ``<code>``, ``<br>``) as a QTI ``<div>``; text that is
    not well-formed markup goes in as plain, escaped text."""
    fixed = re.sub(r"<br\s*>", "<br/>", text)
    try:
        return ET.fromstring(f"<div>{fixed}</div>")
    except ET.ParseError:
        return el(None, "div", text=text)


def _value(parent, tag: str, base: str, value: str) -> ET.Element:
    return el(parent, tag, {"baseType": base}, value)


def _declarations(item, cardinality: str, base: str, correct: list[str]):
    decl = el(
        item,
        "responseDeclaration",
        {"identifier": "RESPONSE", "cardinality": cardinality, "baseType": base},
    )
    values = el(decl, "correctResponse")
    for value in correct:
        el(values, "value", text=value)
    return decl


def _outcomes(item, points: float) -> None:
    score = el(
        item,
        "outcomeDeclaration",
        {
            "identifier": "SCORE",
            "cardinality": "single",
            "baseType": "float",
            "normalMaximum": exact(points),
        },
    )
    el(el(score, "defaultValue"), "value", text="0")
    top = el(item, "outcomeDeclaration", {"identifier": "MAXSCORE", "cardinality": "single"})
    top.set("baseType", "float")
    el(el(top, "defaultValue"), "value", text=exact(points))
    el(
        item,
        "outcomeDeclaration",
        {"identifier": "FEEDBACK", "cardinality": "multiple", "baseType": "identifier"},
    )


def _set(parent, identifier: str) -> ET.Element:
    return el(parent, "setOutcomeValue", {"identifier": identifier})


def _mapped_score(processing) -> None:
    """SCORE = the mapped response, 0 when nothing was answered (map_response's rule)."""
    condition = el(processing, "responseCondition")
    when = el(condition, "responseIf")
    el(el(when, "isNull"), "variable", {"identifier": "RESPONSE"})
    _value(_set(when, "SCORE"), "baseValue", "float", "0")
    otherwise = el(condition, "responseElse")
    el(_set(otherwise, "SCORE"), "mapResponse", {"identifier": "RESPONSE"})


def _feedback_outcome(processing, with_response: bool) -> None:
    """FEEDBACK holds ``GENERAL`` (and, for a choice, the options ticked)."""
    both = el(_set(processing, "FEEDBACK"), "multiple")
    if with_response:
        el(both, "variable", {"identifier": "RESPONSE"})
    _value(both, "baseValue", "identifier", GENERAL)


def _modal(item, identifier: str, text: str) -> None:
    attrs = {"outcomeIdentifier": "FEEDBACK", "identifier": identifier, "showHide": "show"}
    node = el(item, "modalFeedback", attrs)
    node.append(xhtml(text))


def qti_item(exercise) -> ET.Element:
    """One ``assessmentItem`` for ``exercise`` (elements in the order the XSD wants:
    declarations, item body, response processing, feedback)."""
    item = el(
        None,
        "assessmentItem",
        {
            "identifier": ncname(exercise.id),
            "title": exercise.title,
            "adaptive": "false",
            "timeDependent": "false",
        },
    )
    body = el(None, "itemBody")
    body.append(xhtml(prompt(exercise)))
    processing = el(None, "responseProcessing")
    kind = types.get(exercise.type).QUIZ  # the question's shape, as for Moodle
    build = {"multichoice": _choice, "numerical": _numeric, "ordering": _order}
    build.get(kind, _match)(item, body, processing, exercise)
    item.append(body)
    item.append(processing)
    if kind == "multichoice":
        for option in exercise.data["options"]:
            _modal(item, ncname(option["id"]), option["feedback"])
    general = general_feedback(exercise)
    if general:
        _modal(item, GENERAL, general)
    return item


def _choice(item, body, processing, exercise) -> None:
    data, points = exercise.data, exercise.points
    multiple = data.get("multiple", False)
    right = [ncname(o["id"]) for o in data["options"] if o["correct"]]
    decl = _declarations(item, "multiple" if multiple else "single", "identifier", right)
    bounds = {"lowerBound": "0", "upperBound": exact(points), "defaultValue": "0"}
    mapping = el(decl, "mapping", bounds)
    for option, share in choice_shares(data):
        attrs = {"mapKey": ncname(option["id"]), "mappedValue": exact(share * points)}
        el(mapping, "mapEntry", attrs)
    _outcomes(item, points)
    interaction = el(
        body,
        "choiceInteraction",
        {"responseIdentifier": "RESPONSE", "shuffle": "true", "maxChoices": str(int(not multiple))},
    )
    for option in data["options"]:
        el(interaction, "simpleChoice", {"identifier": ncname(option["id"])}, option["text"])
    _mapped_score(processing)
    _feedback_outcome(processing, with_response=True)


def _numeric(item, body, processing, exercise) -> None:
    data = exercise.data
    _declarations(item, "single", "float", [exact(data["answer"])])
    _outcomes(item, exercise.points)
    para = el(body, "p")
    el(para, "textEntryInteraction", {"responseIdentifier": "RESPONSE", "expectedLength": "12"})
    condition = el(el(processing, "responseCondition"), "responseIf")
    t = exact(tolerance(data))
    equal = el(condition, "equal", {"toleranceMode": "absolute", "tolerance": f"{t} {t}"})
    el(equal, "variable", {"identifier": "RESPONSE"})
    el(equal, "correct", {"identifier": "RESPONSE"})
    _value(_set(condition, "SCORE"), "baseValue", "float", exact(exercise.points))
    _feedback_outcome(processing, with_response=False)


def _match(item, body, processing, exercise) -> None:
    data = exercise.data
    left, right_list, shown = types.get(exercise.type).PICKS
    correct = [f"{ncname(i['id'])} {ncname(i['answer'])}" for i in data[left]]
    decl = _declarations(item, "multiple", "directedPair", correct)
    share = exercise.points / len(correct)
    bounds = {"lowerBound": "0", "upperBound": exact(exercise.points), "defaultValue": "0"}
    mapping = el(decl, "mapping", bounds)
    for pair in correct:
        el(mapping, "mapEntry", {"mapKey": pair, "mappedValue": exact(share)})
    _outcomes(item, exercise.points)
    interaction = el(
        body,
        "matchInteraction",
        {"responseIdentifier": "RESPONSE", "shuffle": "true", "maxAssociations": str(len(correct))},
    )
    sources = el(interaction, "simpleMatchSet")
    for i in data[left]:
        attrs = {"identifier": ncname(i["id"]), "matchMax": "1"}
        el(sources, "simpleAssociableChoice", attrs, i["text"])
    sinks = el(interaction, "simpleMatchSet")
    for t in data[right_list]:
        attrs = {"identifier": ncname(t["id"]), "matchMax": "0"}
        el(sinks, "simpleAssociableChoice", attrs, t[shown])
    _mapped_score(processing)
    _feedback_outcome(processing, with_response=False)


def _order(item, body, processing, exercise) -> None:
    """The course's order score: each item standing at its right step earns 1/n."""
    answer = [ncname(i) for i in exercise.data["answer"]]
    _declarations(item, "ordered", "identifier", answer)
    _outcomes(item, exercise.points)
    attrs = {"responseIdentifier": "RESPONSE", "shuffle": "true"}
    interaction = el(body, "orderInteraction", attrs)
    for i in exercise.data["items"]:
        el(interaction, "simpleChoice", {"identifier": ncname(i["id"])}, i["text"])
    share = exact(exercise.points / len(answer))
    for step, wanted in enumerate(answer, 1):
        when = el(el(processing, "responseCondition"), "responseIf")
        match = el(when, "match")
        el(el(match, "index", {"n": str(step)}), "variable", {"identifier": "RESPONSE"})
        _value(match, "baseValue", "identifier", wanted)
        total = el(_set(when, "SCORE"), "sum")
        el(total, "variable", {"identifier": "SCORE"})
        _value(total, "baseValue", "float", share)
    _feedback_outcome(processing, with_response=False)


def _xml(node: ET.Element, namespace: str = QTI) -> bytes:
    node.set("xmlns", namespace)
    ET.indent(node)
    return ET.tostring(node, encoding="utf-8", xml_declaration=True)


def assessment_test(chosen, hrefs: dict[str, str]) -> ET.Element:
    """The ``assessmentTest``: one section per notebook; a draw's variants in a section
    that selects one; SCORE is the sum of the items' scores."""
    test = el(None, "assessmentTest", {"identifier": TEST, "title": "pm-course"})
    score = el(test, "outcomeDeclaration", {"identifier": "SCORE", "cardinality": "single"})
    score.set("baseType", "float")
    el(el(score, "defaultValue"), "value", text="0")
    part = el(
        test,
        "testPart",
        {"identifier": "part", "navigationMode": "nonlinear", "submissionMode": "simultaneous"},
    )
    sections: dict[str, ET.Element] = {}
    for stem, exercise in chosen:
        if stem not in sections:
            attrs = {"identifier": ncname(f"nb-{stem}"), "title": notebook_title(stem)}
            attrs["visible"] = "true"
            sections[stem] = el(part, "assessmentSection", attrs)
        parent = sections[stem]
        if exercise.data.get("draw"):
            attrs = {"identifier": ncname(f"draw-{exercise.id}"), "title": exercise.title}
            parent = el(parent, "assessmentSection", {**attrs, "visible": "true"})
            el(parent, "selection", {"select": "1"})
        for variant in variants(exercise):
            attrs = {"identifier": ncname(variant.id), "href": hrefs[variant.id]}
            el(parent, "assessmentItemRef", attrs)
    total = el(_set(el(test, "outcomeProcessing"), "SCORE"), "sum")
    el(total, "testVariables", {"variableIdentifier": "SCORE"})
    return test


def qti_package(chosen: list[tuple[str, object]]) -> bytes:
    """A QTI 2.1 content package (zip bytes): ``<id>.xml`` per item, ``test.xml`` and
    ``imsmanifest.xml``."""
    manifest = ET.Element("manifest", {"identifier": "MANIFEST"})
    ET.SubElement(manifest, "organizations")
    resources = ET.SubElement(manifest, "resources")
    hrefs: dict[str, str] = {}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        items = []
        for _, exercise in chosen:
            for variant in variants(exercise):
                name = hrefs[variant.id] = f"{variant.id}.xml"
                package.writestr(name, _xml(qti_item(variant)))
                items.append((ncname(variant.id), name))
        package.writestr("test.xml", _xml(assessment_test(chosen, hrefs)))
        attrs = {"identifier": TEST, "type": "imsqti_test_xmlv2p1", "href": "test.xml"}
        test = ET.SubElement(resources, "resource", attrs)
        ET.SubElement(test, "file", {"href": "test.xml"})
        for identifier, _ in items:
            ET.SubElement(test, "dependency", {"identifierref": identifier})
        for identifier, name in items:
            attrs = {"identifier": identifier, "type": "imsqti_item_xmlv2p1", "href": name}
            resource = ET.SubElement(resources, "resource", attrs)
            ET.SubElement(resource, "file", {"href": name})
        package.writestr("imsmanifest.xml", _xml(manifest, CP))
    return out.getvalue()
