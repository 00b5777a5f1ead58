# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# cmake -DFILE=<kernel file> -DUNITS=<its compile units, |-separated> -DCC=<compiler> -DINCLUDE=<include/> -DSRC=<src/>
#       -DCOMMANDS=<compile_commands.json> -DCHECK=<vr-check> -DSUITES=<names>
#       -P replace.cmake
#
# One replaceable kernel file stands in for itself as a kernel tree's copy
# would: it compiles with include/ alone, the library's object of it was
# built without src/ on the include path, and the model's suites pass.
cmake_policy(SET CMP0057 NEW)
set(problems "")

execute_process(COMMAND ${CC} -std=c11 -Wall -Wextra -Werror -fsyntax-only -I${INCLUDE} ${FILE}
  RESULT_VARIABLE rc ERROR_VARIABLE err OUTPUT_VARIABLE err)
if(NOT rc EQUAL 0)
  string(APPEND problems "${FILE} does not compile with ${INCLUDE} alone:\n${err}\n")
endif()

file(READ ${COMMANDS} json)
string(JSON n LENGTH "${json}")
math(EXPR last "${n} - 1")
string(REPLACE "|" ";" UNITS "${UNITS}")
set(found FALSE)
foreach(i RANGE ${last})
  string(JSON file GET "${json}" ${i} file)
  if(file IN_LIST UNITS)
    set(found TRUE)
    string(JSON cmd GET "${json}" ${i} command)
    string(FIND "${cmd} " "-I${SRC} " at)
    if(at GREATER -1)
      string(APPEND problems "the library's ${file} is compiled with ${SRC}: ${cmd}\n")
    endif()
  endif()
endforeach()
if(NOT found)
  string(APPEND problems "${FILE} is not in ${COMMANDS}: the library does not build it\n")
endif()

string(REPLACE "|" ";" SUITES "${SUITES}")
execute_process(COMMAND ${EMU} ${CHECK} ${SUITES} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
  string(APPEND problems "the suites ${SUITES} fail (exit ${rc}):\n${out}\n")
endif()

if(problems)
  message(FATAL_ERROR "${problems}")
endif()
