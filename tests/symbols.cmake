# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# cmake -DLIB=<shared library> -DNM=<nm> -DINCLUDE=<include dir>
#       [-DOBJECTS=<object files>] -P symbols.cmake
#
# What the shared library exports is its API and nothing else: every
# exported symbol is a vr_* name or a kernel-shaped name declared in a
# header under include/virtref/, and no vri_* internal is exported.  With
# OBJECTS, only the exports those objects define are checked (a part of
# the library at a time); without it, every export is.
cmake_policy(SET CMP0057 NEW)
set(problems "")

# The defined global symbols `nm @flags @file` lists.
function(nm_symbols file flags out)
  execute_process(COMMAND ${NM} ${flags} --defined-only ${file}
    OUTPUT_VARIABLE text RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${NM} ${flags} ${file} failed")
  endif()
  string(REGEX MATCHALL "[^\n]+" lines "${text}")
  set(syms "")
  foreach(l IN LISTS lines)
    if(l MATCHES " [A-Za-z] ([A-Za-z_][A-Za-z0-9_]*)$")
      list(APPEND syms ${CMAKE_MATCH_1})
    endif()
  endforeach()
  set(${out} ${syms} PARENT_SCOPE)
endfunction()

nm_symbols(${LIB} -D exported)
if(NOT exported)
  message(FATAL_ERROR "${LIB} exports nothing: is it the right file?")
endif()

set(checked ${exported})
if(DEFINED OBJECTS AND NOT OBJECTS STREQUAL "")
  set(defined "")
  foreach(o IN LISTS OBJECTS)
    if(NOT o STREQUAL "")
      nm_symbols(${o} -g syms)
      list(APPEND defined ${syms})
    endif()
  endforeach()
  set(checked "")
  foreach(s IN LISTS exported)
    if(s IN_LIST defined)
      list(APPEND checked ${s})
    endif()
  endforeach()
endif()

file(GLOB_RECURSE headers ${INCLUDE}/virtref/*.h)
set(text "")
foreach(h IN LISTS headers)
  file(READ ${h} t)
  string(APPEND text "\n${t}")
endforeach()

foreach(s IN LISTS checked)
  if(s MATCHES "^vri_")
    string(APPEND problems "  ${s}: an internal (vri_*) symbol is exported\n")
  elseif(s MATCHES "^vr_")
    continue()
  elseif(s MATCHES "^(_init|_fini|_edata|_end|__bss_start|__odr_asan_gen_.*|__asan_.*|__ubsan_.*|__sancov_.*|__llvm_.*)$")
    # The toolchain's and the sanitizers' own symbols.
    continue()
  elseif(NOT text MATCHES "[^A-Za-z0-9_]${s}[ \t\n]*[(;[]")
    string(APPEND problems "  ${s}: exported, not vr_*, and declared in no include/virtref/ header\n")
  endif()
endforeach()

list(LENGTH checked n)
if(problems)
  message(FATAL_ERROR "symbols of ${LIB}:\n${problems}")
endif()
message(STATUS "${n} exported symbols checked")
