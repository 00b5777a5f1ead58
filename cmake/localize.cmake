# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# cmake -DAR=<ar> -DLD=<ld> -DOBJCOPY=<objcopy> -DARCHIVE=<lib.a>
#       [-DKEEP=<member basenames>] -P localize.cmake
#
# Rewrites a static archive so that it hands a consumer's linker the API
# and nothing of virtref's internals: every member but those named in KEEP
# is linked into one relocatable object whose hidden symbols (the vri_*
# internals, built with hidden visibility) become local.  Each KEEP
# member, a replaceable kernel file (docs/porting.md), stays a member of
# its own, which a kernel tree's copy can take the place of at link time.
cmake_policy(SET CMP0057 NEW)
set(dir ${ARCHIVE}.localize)
file(REMOVE_RECURSE ${dir})
file(MAKE_DIRECTORY ${dir})

function(run)
  execute_process(COMMAND ${ARGN} WORKING_DIRECTORY ${dir} RESULT_VARIABLE rc
    ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed: ${ARGN}\n${err}")
  endif()
endfunction()

get_filename_component(name ${ARCHIVE} NAME_WE)
configure_file(${ARCHIVE} ${dir}/rest.a COPYONLY)
set(kept "")
foreach(k IN LISTS KEEP)
  run(${AR} x rest.a ${k}.o)
  run(${AR} d rest.a ${k}.o)
  list(APPEND kept ${k}.o)
endforeach()
run(${LD} -r -o ${name}.o --whole-archive rest.a)
run(${OBJCOPY} --localize-hidden ${name}.o)
file(REMOVE ${dir}/new.a)
run(${AR} rcs new.a ${name}.o ${kept})
file(RENAME ${dir}/new.a ${ARCHIVE})
file(REMOVE_RECURSE ${dir})
