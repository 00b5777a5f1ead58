# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# CTests cli.*: runs the virtref program with ARGS (a |-separated list) in the
# current directory and requires exit status RC and, when given, that the
# first line of stderr equals ERR or stdout contains OUT.
# With IN, standard input is that file; with ERR_HAS and ERR_NOT, stderr
# must contain the one and not the other.
#   cmake -DCLI=<virtref> "-DARGS=a|b" -DRC=2 [-DERR=...] [-DOUT=...] [-DIN=...]
#         [-DERR_HAS=...] [-DERR_NOT=...] -P cli.cmake
string(REPLACE "|" ";" ARGS "${ARGS}")
set(input "")
if(DEFINED IN)
  set(input INPUT_FILE ${IN})
endif()
execute_process(COMMAND ${EMU} "${CLI}" ${ARGS} RESULT_VARIABLE rc OUTPUT_VARIABLE out
  ERROR_VARIABLE err ${input})
if(NOT rc STREQUAL RC)
  message(FATAL_ERROR "virtref ${ARGS}: exit '${rc}', want ${RC}\nstdout:\n${out}\nstderr:\n${err}")
endif()
if(DEFINED ERR)
  string(REGEX REPLACE "\n.*" "" first "${err}")
  if(NOT first STREQUAL ERR)
    message(FATAL_ERROR "virtref ${ARGS}: first line of stderr\n  '${first}'\nwant\n  '${ERR}'")
  endif()
endif()
if(DEFINED OUT)
  string(FIND "${out}" "${OUT}" at)
  if(at LESS 0)
    message(FATAL_ERROR "virtref ${ARGS}: stdout lacks '${OUT}'\nstdout:\n${out}")
  endif()
endif()
if(DEFINED ERR_HAS)
  string(FIND "${err}" "${ERR_HAS}" at)
  if(at LESS 0)
    message(FATAL_ERROR "virtref ${ARGS}: stderr lacks '${ERR_HAS}'\nstderr:\n${err}")
  endif()
endif()
if(DEFINED ERR_NOT)
  string(FIND "${err}" "${ERR_NOT}" at)
  if(at GREATER -1)
    message(FATAL_ERROR "virtref ${ARGS}: stderr has '${ERR_NOT}'\nstderr:\n${err}")
  endif()
endif()
