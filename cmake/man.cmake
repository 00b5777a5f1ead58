# SPDX-License-Identifier: GPL-2.0-only OR MIT
# Writes the virtref(1) page from the program's own --help, so the two
# cannot drift:  cmake -DPROG=<virtref> [-DEMU=<emulator>] -DVERSION=<v>
#                      -DOUT=<virtref.1> -P man.cmake
execute_process(COMMAND ${EMU} ${PROG} --help OUTPUT_VARIABLE help RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${PROG} --help: exit ${rc}")
endif()
# roff: a backslash is an escape, and a line may not start with . or '.
string(REPLACE "\\" "\\e" help "${help}")
string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" help "${help}")
string(REGEX REPLACE "\n$" "" help "${help}")
file(WRITE ${OUT} ".\\\" SPDX-License-Identifier: GPL-2.0-only OR MIT
.\\\" Generated from `virtref --help` by cmake/man.cmake.
.TH VIRTREF 1 \"\" \"virtref ${VERSION}\" \"User Commands\"
.SH NAME
virtref \\- replay, record and explain traces of virtref's hardware models
.SH SYNOPSIS
.B virtref
.I COMMAND
.RI [ ARGS ]
.SH DESCRIPTION
.nf
${help}
.fi
.SH SEE ALSO
The README and docs/ of the virtref sources: the trace format, each model's
hardware by example, porting kernel files.
")
