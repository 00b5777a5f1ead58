# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# cmake -DLIB=<shared library> -DNM=<nm> -DINCLUDE=<include dir>
#       [-DOBJECTS=<object files>] [-DARCHIVES=<static archives>] -P symbols.cmake
#
# With OBJECTS, the exports checked are those the objects define (and
# any vri_* name): not what a toolchain runtime adds.
#
# What a consumer links against is the API and nothing else:
# - every symbol the shared library exports is a vr_* name or a
#   kernel-shaped name declared in a header under include/virtref/, and
#   no vri_* internal is exported;
# - every global symbol OBJECTS define (what the static archives hand a
#   consumer's linker) is one of those or a vri_* internal, so that no
#   unprefixed internal can collide with the consumer's own names;
# - every global of ARCHIVES is API: the vri_* internals are local there.
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

file(GLOB_RECURSE headers ${INCLUDE}/virtref/*.h)
set(api_text "")
foreach(h IN LISTS headers)
  file(READ ${h} t)
  string(APPEND api_text "\n${t}")
endforeach()

# Appends to problems every symbol of @syms that is not API; @what says
# where it was found, @allow_vri whether vri_* internals may be there.
function(check_symbols syms what allow_vri)
  set(p "")
  foreach(s IN LISTS syms)
    if(s MATCHES "^vr_")
      continue()
    elseif(s MATCHES "^vri_")
      if(NOT allow_vri)
        string(APPEND p "  ${s}: an internal (vri_*) symbol ${what}\n")
      endif()
    elseif(s MATCHES "^(_init|_fini|_edata|_end|__bss_start)$" OR
           s MATCHES "^_+(asan|ubsan|sancov|odr_asan|llvm|gcov)")
      # The toolchain's and the sanitizers' own symbols.
      continue()
    elseif(NOT api_text MATCHES "[^A-Za-z0-9_]${s}[ \t\n]*[(;[]")
      string(APPEND p "  ${s}: ${what}, not vr_*/vri_*, declared in no include/virtref/ header\n")
    endif()
  endforeach()
  set(problems "${problems}${p}" PARENT_SCOPE)
endfunction()

set(defined "")
foreach(o IN LISTS OBJECTS)
  if(NOT o STREQUAL "")
    nm_symbols(${o} -g syms)
    list(APPEND defined ${syms})
  endif()
endforeach()
check_symbols("${defined}" "is a global of the objects" TRUE)
list(LENGTH defined m)

nm_symbols(${LIB} -D exported)
if(NOT exported)
  message(FATAL_ERROR "${LIB} exports nothing: is it the right file?")
endif()
# A runtime the toolchain links in (libgcov under coverage) exports names
# of its own: judge what the library's own objects define, and every
# vri_* name.
if(defined)
  set(own "")
  foreach(s IN LISTS exported)
    if(s IN_LIST defined OR s MATCHES "^vri_")
      list(APPEND own ${s})
    endif()
  endforeach()
  set(exported ${own})
endif()
check_symbols("${exported}" "is exported by ${LIB}" FALSE)
list(LENGTH exported n)

# The static archives (cmake/localize.cmake): their globals are the API.
foreach(a IN LISTS ARCHIVES)
  nm_symbols(${a} -g syms)
  check_symbols("${syms}" "is a global of ${a}" FALSE)
endforeach()

if(problems)
  message(FATAL_ERROR "symbols:\n${problems}")
endif()
message(STATUS "${n} exported symbols and ${m} object globals checked")
