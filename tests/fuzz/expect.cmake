# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# CTests fuzz.*: runs CMD (a |-separated list) in the current directory,
# with ENV (|-separated NAME=value) set, after writing INPUT as
# `CLI trace-to-fuzz TRACE INPUT` when TRACE is given.  Requires exit
# status RC ("abort" for SIGABRT), stderr equal to the file ERR_FILE
# exactly (each @SRC@ replaced by SRC, the source tree), and, when
# given, ERR_HAS in stderr and OUT in stdout.  CMD runs under EMU unless
# HOST_CMD is set (a host program, such as python3, that runs EMU itself).
cmake_policy(VERSION 3.25)
string(REPLACE "|" ";" CMD "${CMD}")
string(REPLACE "|" ";" ENV "${ENV}")
foreach(e IN LISTS ENV)
  string(REGEX MATCH "^([^=]+)=(.*)$" _ "${e}")
  set(ENV{${CMAKE_MATCH_1}} "${CMAKE_MATCH_2}")
endforeach()
if(DEFINED TRACE)
  execute_process(COMMAND ${EMU} "${CLI}" trace-to-fuzz "${TRACE}" "${INPUT}" RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "virtref trace-to-fuzz ${TRACE} ${INPUT}: exit '${rc}'")
  endif()
endif()
set(run_emu ${EMU})
if(HOST_CMD)
  set(run_emu "")
endif()
execute_process(COMMAND ${run_emu} ${CMD}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
# qemu-user reports a guest's abort itself; the program's own stderr is what
# is compared.
string(REGEX REPLACE "qemu: uncaught target signal [^\n]*\n" "" err "${err}")
if(rc MATCHES "abort|Abort|134")
  set(rc abort)
endif()
if(NOT rc STREQUAL RC)
  message(FATAL_ERROR "${CMD}: exit '${rc}', want ${RC}\nstdout:\n${out}\nstderr:\n${err}")
endif()
if(DEFINED ERR_FILE)
  file(READ "${ERR_FILE}" want)
  string(REGEX REPLACE "^#[^\n]*\n" "" want "${want}")
  string(REPLACE "@SRC@" "${SRC}" want "${want}")
  if(NOT err STREQUAL want)
    message(FATAL_ERROR "${CMD}: stderr\n---\n${err}---\nwant\n---\n${want}---")
  endif()
endif()
if(DEFINED ERR_HAS)
  string(FIND "${err}" "${ERR_HAS}" at)
  if(at LESS 0)
    message(FATAL_ERROR "${CMD}: stderr lacks '${ERR_HAS}'\nstderr:\n${err}")
  endif()
endif()
if(DEFINED OUT)
  string(FIND "${out}" "${OUT}" at)
  if(at LESS 0)
    message(FATAL_ERROR "${CMD}: stdout lacks '${OUT}'\nstdout:\n${out}")
  endif()
endif()
