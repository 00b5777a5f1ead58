# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# CTest install.consumer: installs the build into a scratch prefix, runs
# the installed program and reads its man page, builds examples/consumer
# against the install with find_package(virtref) (shared, static, the arm
# archive alone, C++, and the ccw and mmu tests) and with pkg-config, runs every program without
# LD_LIBRARY_PATH, then uninstalls and requires that no file is left.
#   cmake -DBUILD=<build dir> -DSOURCE=<source dir> -DCC=<compiler>
#         [-DEMU=<emulator> -DTOOLCHAIN=<file> -DPKG_LIBDIR=<dirs>]
#         [-DMODELS=<the build's models>] -P install_consumer.cmake
# A cross build passes its toolchain, emulator and pkg-config search path.
set(prefix "${BUILD}/install-test/prefix")
set(work "${BUILD}/install-test/consumer")
file(REMOVE_RECURSE "${BUILD}/install-test")
unset(ENV{LD_LIBRARY_PATH})

# run(<command...>) fails the test unless the command exits 0; its
# standard output is left in `out`.
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
  set(out "${out}" PARENT_SCOPE)
endfunction()

function(expect_in what text)
  string(FIND "${text}" "${what}" at)
  if(at LESS 0)
    message(FATAL_ERROR "expected '${what}' in:\n${text}")
  endif()
endfunction()

run(${CMAKE_COMMAND} --install "${BUILD}" --prefix "${prefix}")

# The installed program finds its library from any prefix.
run(${EMU} "${prefix}/bin/virtref" --help)
expect_in("usage: virtref COMMAND" "${out}")
find_program(MAN man)
if(MAN)
  set(ENV{MANPAGER} cat)
  run(${MAN} -l "${prefix}/share/man/man1/virtref.1")
  expect_in("replay [--explain]" "${out}")
endif()

set(cross "")
if(TOOLCHAIN)
  set(cross -DCMAKE_TOOLCHAIN_FILE=${TOOLCHAIN})
endif()
run(${CMAKE_COMMAND} -S "${SOURCE}/examples/consumer" -B "${work}"
    -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_C_COMPILER=${CC} ${cross})
run(${CMAKE_COMMAND} --build "${work}")
foreach(p restore_test restore_test_static restore_test_arm replay_test_cxx)
  run(${EMU} "${work}/${p}")
endforeach()
expect_in("from C++: ok" "${out}")
# Built when the library has the model (MODELS: the build's model list).
foreach(m ccw mmu)
  list(FIND MODELS ${m} built)
  if(built GREATER -1)
    run(${EMU} "${work}/${m}_test")
    expect_in("${m}_test: ok" "${out}")
  endif()
endforeach()

# pkg-config, as a Makefile-based project would link it; under a
# non-system prefix the program is told where the library is (README).
set(ENV{PKG_CONFIG_PATH} "${prefix}/lib/pkgconfig")
if(PKG_LIBDIR)
  set(ENV{PKG_CONFIG_LIBDIR} "${PKG_LIBDIR}")
endif()
execute_process(COMMAND pkg-config --cflags --libs virtref
  OUTPUT_VARIABLE flags OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "pkg-config does not find virtref in ${prefix}")
endif()
execute_process(COMMAND pkg-config --variable=libdir virtref
  OUTPUT_VARIABLE libdir OUTPUT_STRIP_TRAILING_WHITESPACE)
separate_arguments(flags UNIX_COMMAND "${flags}")
run(${CC} -std=c11 "${SOURCE}/examples/consumer/restore_test.c" ${flags}
    -Wl,-rpath,${libdir} -o "${work}/restore_test_pc")
run(${EMU} "${work}/restore_test_pc")

# Uninstalled, nothing of virtref is left under the prefix.
run(${CMAKE_COMMAND} --build "${BUILD}" --target uninstall)
file(GLOB_RECURSE left LIST_DIRECTORIES false "${prefix}/*")
if(left)
  message(FATAL_ERROR "left after uninstall: ${left}")
endif()
