# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# cmake -DPORT=<virtref-port> -DFILE=<kernel file> -DINCLUDE=<kernel include>
#       "-DEXPECT=<model>=<virtref header>|..." -P per-model.cmake
#
# One kernel include, rewritten for each model in EXPECT
# (`virtref-port --rewrite-only`), must become exactly that model's
# header, and no two models may get the same one.
string(REPLACE "|" ";" EXPECT "${EXPECT}")
set(problems "")
set(headers "")
foreach(e IN LISTS EXPECT)
  string(REPLACE "=" ";" e "${e}")
  list(GET e 0 model)
  list(GET e 1 header)
  execute_process(COMMAND ${PORT} --model ${model} --rewrite-only ${FILE}
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    string(APPEND problems "--model ${model}: exit ${rc}: ${err}\n")
    continue()
  endif()
  string(FIND "${out}" "#include <${header}>\n" at)
  if(at LESS 0)
    string(APPEND problems "--model ${model}: <${INCLUDE}> is not <${header}>:\n${out}\n")
  endif()
  string(FIND "${out}" "#include <${INCLUDE}>" left)
  if(left GREATER -1)
    string(APPEND problems "--model ${model}: <${INCLUDE}> is left as it was\n")
  endif()
  list(FIND headers ${header} seen)
  if(seen GREATER -1)
    string(APPEND problems "--model ${model}: <${header}> is another model's too\n")
  endif()
  list(APPEND headers ${header})
endforeach()
if(problems)
  message(FATAL_ERROR "${problems}")
endif()
