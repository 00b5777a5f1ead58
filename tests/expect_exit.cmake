# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# CTests bad.* and diverge.*: a negative trace states what replaying it
# must do, on its first line (after the SPDX line):
#
#   # expect: <exit status> <message>
#
# Run as  cmake -DCLI=<virtref> -DTRACE=<file name> -P expect_exit.cmake
# in the trace's directory, so that messages name the bare file.  Runs
# `CLI replay TRACE` and requires the exact exit status and, when it is
# not 1, that the first line of stderr is <message> exactly; for exit
# status 1 (a divergence, whose report spans both streams) <message> must
# appear in stdout or stderr.  A trace without the line fails the test.

if(NOT CLI OR NOT TRACE)
  message(FATAL_ERROR "expect_exit.cmake: run with -DCLI=<virtref> -DTRACE=<trace file>")
endif()
if(NOT EXISTS "${TRACE}")
  message(FATAL_ERROR "${TRACE}: no such file in ${CMAKE_CURRENT_BINARY_DIR}")
endif()

file(READ "${TRACE}" head LIMIT 4096)
if(NOT head MATCHES "^(#[ \t]*SPDX-License-Identifier:[^\n]*\n)?# expect: ([0-9]+) ([^\n]+)\n")
  message(FATAL_ERROR "${TRACE}: the first line (after the SPDX line) must be "
    "'# expect: <exit status> <message>'")
endif()
set(want_rc "${CMAKE_MATCH_2}")
set(want_msg "${CMAKE_MATCH_3}")

execute_process(COMMAND ${EMU} "${CLI}" replay "${TRACE}"
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)

if(NOT rc STREQUAL want_rc)
  message(FATAL_ERROR "${TRACE}: virtref replay exited with '${rc}', want ${want_rc}\n"
    "stdout:\n${out}\nstderr:\n${err}")
endif()

if(want_rc EQUAL 1)
  string(FIND "${out}" "${want_msg}" in_out)
  string(FIND "${err}" "${want_msg}" in_err)
  if(in_out EQUAL -1 AND in_err EQUAL -1)
    message(FATAL_ERROR "${TRACE}: '${want_msg}' is in neither stdout nor stderr\n"
      "stdout:\n${out}\nstderr:\n${err}")
  endif()
else()
  string(FIND "${err}" "\n" eol)
  string(SUBSTRING "${err}" 0 ${eol} first)
  if(NOT first STREQUAL want_msg)
    message(FATAL_ERROR "${TRACE}: first line of stderr is\n  '${first}'\nwant\n"
      "  '${want_msg}'\nstdout:\n${out}\nstderr:\n${err}")
  endif()
endif()
