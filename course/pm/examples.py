"""Published worked examples of the critical path method, with their answers.

Networks from textbooks, kept as data so notebooks, exercises and tests use
the same numbers. Each ``*_TABLE`` is the published solution:
``{id: (ES, EF, LS, LF, slack)}``. The tests check that ``course.pm``
reproduces every number.
"""

# Render, Stair & Hanna, *Quantitative Analysis for Management*, chapter
# "Project Management": the General Foundry, Inc. example (activities A-H,
# weeks). Published answer: critical path A-C-E-G-H, 15 weeks; slack B = 1,
# D = 1, F = 6, all others 0.
GENERAL_FOUNDRY = {
    "A": {"duration": 2, "after": []},  # build internal components
    "B": {"duration": 3, "after": []},  # modify roof and floor
    "C": {"duration": 2, "after": ["A"]},  # construct collection stack
    "D": {"duration": 4, "after": ["B"]},  # pour concrete and install frame
    "E": {"duration": 4, "after": ["C"]},  # build high-temperature burner
    "F": {"duration": 3, "after": ["C"]},  # install pollution control system
    "G": {"duration": 5, "after": ["D", "E"]},  # install air pollution device
    "H": {"duration": 2, "after": ["F", "G"]},  # inspect and test
}
GENERAL_FOUNDRY_TABLE = {  # id: (ES, EF, LS, LF, slack)
    "A": (0, 2, 0, 2, 0),
    "B": (0, 3, 1, 4, 1),
    "C": (2, 4, 2, 4, 0),
    "D": (3, 7, 4, 8, 1),
    "E": (4, 8, 4, 8, 0),
    "F": (4, 7, 10, 13, 6),
    "G": (8, 13, 8, 13, 0),
    "H": (13, 15, 13, 15, 0),
}

# Bernard W. Taylor III, *Introduction to Management Science*, chapter 8
# "Project Management", problem 5 and its solution table (ES, EF, LS, LF,
# slack) in the instructor's solutions manual (12th ed., Pearson 2016, numbers
# the activities 1-7; earlier editions draw the same network activity-on-arrow
# with the arrow labels used here): critical path 1-3-4-5-6, 20 weeks. An arrow
# i-j waits for every arrow that ends at node i.
TAYLOR_PROBLEM_5 = {
    "1-2": {"duration": 7, "after": []},
    "1-3": {"duration": 10, "after": []},
    "2-4": {"duration": 6, "after": ["1-2"]},
    "3-4": {"duration": 5, "after": ["1-3"]},
    "3-5": {"duration": 4, "after": ["1-3"]},
    "4-5": {"duration": 3, "after": ["2-4", "3-4"]},
    "5-6": {"duration": 2, "after": ["3-5", "4-5"]},
}
TAYLOR_PROBLEM_5_TABLE = {
    "1-2": (0, 7, 2, 9, 2),
    "1-3": (0, 10, 0, 10, 0),
    "2-4": (7, 13, 9, 15, 2),
    "3-4": (10, 15, 10, 15, 0),
    "3-5": (10, 14, 14, 18, 4),
    "4-5": (15, 18, 15, 18, 0),
    "5-6": (18, 20, 18, 20, 0),
}

# Taylor, same chapter, the solution table that follows it in the
# activity-on-arrow editions' solutions manual: 13 arrows including the dummy
# 4-5 of zero duration; critical path 1-3-5-7-8-9, 38 weeks.
TAYLOR_WITH_DUMMY = {
    "1-2": {"duration": 8, "after": []},
    "1-3": {"duration": 10, "after": []},
    "1-4": {"duration": 9, "after": []},
    "2-5": {"duration": 6, "after": ["1-2"]},
    "2-6": {"duration": 4, "after": ["1-2"]},
    "3-5": {"duration": 5, "after": ["1-3"]},
    "4-5": {"duration": 0, "after": ["1-4"]},
    "4-7": {"duration": 7, "after": ["1-4"]},
    "5-7": {"duration": 12, "after": ["2-5", "3-5", "4-5"]},
    "5-8": {"duration": 15, "after": ["2-5", "3-5", "4-5"]},
    "6-9": {"duration": 18, "after": ["2-6"]},
    "7-8": {"duration": 4, "after": ["4-7", "5-7"]},
    "8-9": {"duration": 7, "after": ["5-8", "7-8"]},
}
TAYLOR_WITH_DUMMY_TABLE = {
    "1-2": (0, 8, 1, 9, 1),
    "1-3": (0, 10, 0, 10, 0),
    "1-4": (0, 9, 6, 15, 6),
    "2-5": (8, 14, 9, 15, 1),
    "2-6": (8, 12, 16, 20, 8),
    "3-5": (10, 15, 10, 15, 0),
    "4-5": (9, 9, 15, 15, 6),
    "4-7": (9, 16, 20, 27, 11),
    "5-7": (15, 27, 15, 27, 0),
    "5-8": (15, 30, 16, 31, 1),
    "6-9": (12, 30, 20, 38, 8),
    "7-8": (27, 31, 27, 31, 0),
    "8-9": (31, 38, 31, 38, 0),
}

# Hillier & Lieberman, *Introduction to Operations Research*, chapter "Project
# Management with PERT/CPM", Table "Activity list for the Reliable Construction
# Co. project" (weeks). Published answer: critical path A-B-C-E-F-J-L-N, 44 weeks.
RELIABLE_CONSTRUCTION = {
    "A": {"duration": 2, "after": []},  # excavate
    "B": {"duration": 4, "after": ["A"]},  # lay the foundation
    "C": {"duration": 10, "after": ["B"]},  # put up the rough wall
    "D": {"duration": 6, "after": ["C"]},  # put up the roof
    "E": {"duration": 4, "after": ["C"]},  # install the exterior plumbing
    "F": {"duration": 5, "after": ["E"]},  # install the interior plumbing
    "G": {"duration": 7, "after": ["D"]},  # put up the exterior siding
    "H": {"duration": 9, "after": ["E", "G"]},  # do the exterior painting
    "I": {"duration": 7, "after": ["C"]},  # do the electrical work
    "J": {"duration": 8, "after": ["F", "I"]},  # put up the wallboard
    "K": {"duration": 4, "after": ["J"]},  # install the flooring
    "L": {"duration": 5, "after": ["J"]},  # do the interior painting
    "M": {"duration": 2, "after": ["H"]},  # install the exterior fixtures
    "N": {"duration": 6, "after": ["K", "L"]},  # install the interior fixtures
}
