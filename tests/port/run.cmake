# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# cmake -DPORT=<virtref-port> -DFILE=<kernel file> "-DARGS=<a|b>" -DRC=<exit>
#       -DOUT=<regex> [-DWRONG=<dir>] -P run.cmake
#
# Runs scripts/virtref-port on FILE and asserts its exit code and that its
# output matches OUT.  With WRONG, FILE is first copied into WRONG with the
# rep count of the list flush one short (its last range is not flushed): the port must report a divergence.
string(REPLACE "|" ";" ARGS "${ARGS}")
if(WRONG)
  file(READ ${FILE} text)
  string(REPLACE "(u16)gpa_n," "(u16)(gpa_n - 1)," wrong "${text}")
  if(wrong STREQUAL text)
    message(FATAL_ERROR "${FILE}: no rep count to get wrong")
  endif()
  get_filename_component(name ${FILE} NAME)
  file(MAKE_DIRECTORY ${WRONG})
  set(FILE ${WRONG}/${name})
  file(WRITE ${FILE} "${wrong}")
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
