# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# cmake -DPORT=<virtref-port> -DFILE=<kernel file> "-DARGS=<a|b>" -DRC=<exit>
#       -DOUT=<regex> [-DMAP=<port-includes.map> -DMODEL=<m> -DWORK=<dir>]
#       [-DWRONG=1] [-DBREAK_FROM=<text> -DBREAK_TO=<text>] -P run.cmake
#
# Runs scripts/virtref-port on FILE and asserts its exit code and that its
# output matches OUT.  With MAP, FILE is one of virtref's own kernel files:
# it is first written into WORK with its virtref includes turned back into
# the kernel's (the first kernel path MAP's [common] and [MODEL] sections
# give for each), the form a kernel tree has it in.  With WRONG, the rep count of the list flush is
# one short as well (its last range is not flushed): the port must report
# a divergence.
string(REPLACE "|" ";" ARGS "${ARGS}")
if(MAP)
  if(NOT MODEL)
    message(FATAL_ERROR "MAP needs MODEL")
  endif()
  file(STRINGS ${MAP} rows REGEX "^[^# \t]")
  file(READ ${FILE} text)
  set(section "")
  foreach(r IN LISTS rows)
    if(r MATCHES "^\\[([a-z0-9_]+)\\]")
      set(section ${CMAKE_MATCH_1})
      continue()
    endif()
    if(NOT section STREQUAL "common" AND NOT section STREQUAL MODEL)
      continue()
    endif()
    string(REGEX REPLACE "[ \t]+" ";" r "${r}")
    list(GET r 0 kernel)
    list(GET r 1 ours)
    if(NOT DEFINED seen_${ours})
      set(seen_${ours} 1)
      string(REPLACE "#include <${ours}>" "#include <${kernel}>" text "${text}")
    endif()
  endforeach()
  if(text MATCHES "#include <virtref/")
    message(FATAL_ERROR "${FILE}: an include MAP cannot turn back into the kernel's")
  endif()
endif()
if(WRONG)
  if(NOT MAP)
    message(FATAL_ERROR "WRONG needs MAP and WORK")
  endif()
  set(BREAK_FROM "(u16)gpa_n,")
  set(BREAK_TO "(u16)(gpa_n - 1),")
endif()
# With BREAK_FROM (and BREAK_TO), that text of FILE becomes BREAK_TO
# first: a rule dropped, which the port must report as a divergence.
if(BREAK_FROM)
  string(REPLACE "${BREAK_FROM}" "${BREAK_TO}" broken "${text}")
  if(broken STREQUAL text)
    message(FATAL_ERROR "${FILE}: no '${BREAK_FROM}' to break")
  endif()
  set(text "${broken}")
endif()
if(MAP)
  get_filename_component(name ${FILE} NAME)
  file(MAKE_DIRECTORY ${WORK})
  set(FILE ${WORK}/${name})
  file(WRITE ${FILE} "${text}")
endif()
execute_process(COMMAND ${PORT} ${ARGS} ${FILE}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
message("${out}")
if(NOT rc EQUAL RC)
  message(FATAL_ERROR "exit ${rc}, expected ${RC}")
endif()
if(NOT out MATCHES "${OUT}")
  message(FATAL_ERROR "output does not match '${OUT}'")
endif()
