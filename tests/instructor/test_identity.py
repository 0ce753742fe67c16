"""Identity at collection: on a shared exchange a file counts only for the student who owns it.

A shared exchange is a folder learners write into: sticky or setgid (docs/running-a-class.md
makes it mode 3753). The files here are owned by whoever runs the test; a file naming
that login (or ``jupyter-LOGIN``) is theirs, one naming anybody else is handed in for
another and is rejected. ``tests/hub/`` does the same with real learners' accounts.
"""

import getpass

from grading import support

from course.instructor.batch import grade_folder
from course.instructor.gradebook import Gradebook

ME = getpass.getuser()


def doc(student, created="2025-03-01T10:15:00+00:00", right=True):
    document = support.submission(student, created, right=right)
    del document["answers"]["duration"]  # no code: no sandbox needed
    return document


def exchange(tmp_path, mode=0o1777):
    folder = tmp_path / "exchange"
    folder.mkdir()
    folder.chmod(mode)
    return folder


def test_on_a_shared_exchange_a_file_naming_another_student_is_rejected_with_why(tmp_path):
    folder = exchange(tmp_path)
    mine = support.write(folder, doc(ME), f"{ME}-1.json")
    forged = support.write(folder, doc("ada", right=False), "ada-1.json")
    with Gradebook(tmp_path / "g.sqlite") as book:
        run = grade_folder(folder, book, bank=support.bank(), jobs=1, progress=False)
        assert run.owners_checked and run.graded == 1
        assert [p for p, _ in run.rejected] == [str(forged)]
        reason = run.rejected[0][1]
        assert f"handed in by {ME}, not by 'ada'" in reason and "--trust-file-names" in reason
        assert [c["student"] for c in book.current()] == [ME]
        assert book.current()[0]["path"] == str(mine)
        assert book.rejections()[0]["reason"] == reason


def test_the_login_names_of_a_student_are_the_id_and_the_hub_system_user():
    # hub user NAME is system user jupyter-NAME on TLJH: submit and grade share the mapping
    from course.core.paths import login_names
    from course.learner.handin import same_person

    assert login_names("dave") == ("dave", "jupyter-dave")
    assert same_person("jupyter-dave", "dave") and not same_person("jupyter-eve", "dave")


def test_setgid_alone_makes_a_shared_exchange_too(tmp_path):
    folder = exchange(tmp_path, 0o2770)
    support.write(folder, doc("ada"), "ada-1.json")
    with Gradebook(tmp_path / "g.sqlite") as book:
        run = grade_folder(folder, book, bank=support.bank(), jobs=2, progress=False)
        assert run.graded == 0 and len(run.rejected) == 1


def test_trust_file_names_restores_grading_by_the_student_field(tmp_path):
    folder = exchange(tmp_path)
    support.write(folder, doc("ada"), "ada-1.json")
    with Gradebook(tmp_path / "g.sqlite") as book:
        run = grade_folder(
            folder, book, bank=support.bank(), jobs=1, progress=False, trust_file_names=True
        )
        assert not run.owners_checked and run.graded == 1 and not run.rejected
        assert [c["student"] for c in book.current()] == ["ada"]


def test_a_folder_the_grader_collected_is_not_checked(tmp_path):
    folder = tmp_path / "downloaded"
    folder.mkdir(mode=0o700)
    support.write(folder, doc("ada"), "ada-1.json")
    with Gradebook(tmp_path / "g.sqlite") as book:
        run = grade_folder(folder, book, bank=support.bank(), jobs=1, progress=False)
        assert not run.owners_checked and run.graded == 1


def test_regrade_rebuilds_the_current_submission_from_the_files_present(tmp_path):
    folder = tmp_path / "in"
    bank = support.bank()
    early = support.write(folder, doc("ada", "2025-03-01T09:00:00+00:00"), "ada-1.json")
    late = support.write(folder, doc("ada", "2025-03-02T09:00:00+00:00", right=False), "ada-2.json")
    support.write(folder, doc("ben", "2025-03-01T09:00:00+00:00"), "ben-1.json")
    with Gradebook(tmp_path / "g.sqlite") as book:
        grade_folder(folder, book, bank=bank, jobs=1, progress=False)
        current = {c["student"]: c for c in book.current()}
        assert current["ada"]["path"] == str(late) and current["ada"]["score"] == 0

        late.unlink()  # staff remove a file that should not count
        plain = grade_folder(folder, book, bank=bank, jobs=1, progress=False)
        assert plain.dropped == 0  # without --regrade the record stands
        assert {c["student"]: c["path"] for c in book.current()}["ada"] == str(late)

        run = grade_folder(folder, book, bank=bank, jobs=1, progress=False, regrade=True)
        assert run.dropped == 1
        current = {c["student"]: c for c in book.current()}
        assert current["ada"]["path"] == str(early)
        assert current["ada"]["score"] == current["ada"]["max_score"] - 1  # all but the code
        assert set(current) == {"ada", "ben"}
        assert len(support.history(book, "ada")) == 2  # the removed file stays on record

        (folder / "ben-1.json").unlink()
        run = grade_folder(folder, book, bank=bank, jobs=1, progress=False, regrade=True)
        assert [c["student"] for c in book.current()] == ["ada"]


def test_regrade_leaves_the_students_of_another_folder_alone(tmp_path):
    bank = support.bank()
    support.write(tmp_path / "a", doc("ada"), "ada-1.json")
    support.write(tmp_path / "b", doc("ben"), "ben-1.json")
    with Gradebook(tmp_path / "g.sqlite") as book:
        grade_folder(tmp_path / "a", book, bank=bank, jobs=1, progress=False)
        grade_folder(tmp_path / "b", book, bank=bank, jobs=1, progress=False)
        grade_folder(tmp_path / "a", book, bank=bank, jobs=1, progress=False, regrade=True)
        assert [c["student"] for c in book.current()] == ["ada", "ben"]
