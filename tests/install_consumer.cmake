# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# CTest install.consumer: installs the build into a scratch prefix, builds
# examples/consumer against it with find_package(virtref) (shared, static
# and the arm archive alone) and with pkg-config, and runs all four programs.
#   cmake -DBUILD=<build dir> -DSOURCE=<source dir> -DCC=<compiler>
#         [-DEMU=<emulator> -DTOOLCHAIN=<file> -DPKG_LIBDIR=<dirs>] -P install_consumer.cmake
# A cross build passes its toolchain, emulator and pkg-config search path.
set(prefix "${BUILD}/install-test/prefix")
set(work "${BUILD}/install-test/consumer")
file(REMOVE_RECURSE "${BUILD}/install-test")

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
endfunction()

run(${CMAKE_COMMAND} --install "${BUILD}" --prefix "${prefix}")
set(cross "")
if(TOOLCHAIN)
  set(cross -DCMAKE_TOOLCHAIN_FILE=${TOOLCHAIN})
endif()
run(${CMAKE_COMMAND} -S "${SOURCE}/examples/consumer" -B "${work}"
    -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_C_COMPILER=${CC} ${cross})
run(${CMAKE_COMMAND} --build "${work}")
set(ENV{LD_LIBRARY_PATH} "${prefix}/lib")
run(${EMU} "${work}/restore_test")
run(${EMU} "${work}/restore_test_static")
run(${EMU} "${work}/restore_test_arm")

# pkg-config, as a Makefile-based project would link it.
set(ENV{PKG_CONFIG_PATH} "${prefix}/lib/pkgconfig")
if(PKG_LIBDIR)
  set(ENV{PKG_CONFIG_LIBDIR} "${PKG_LIBDIR}")
endif()
execute_process(COMMAND pkg-config --cflags --libs virtref
  OUTPUT_VARIABLE flags OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "pkg-config does not find virtref in ${prefix}")
endif()
separate_arguments(flags UNIX_COMMAND "${flags}")
run(${CC} -std=c11 "${SOURCE}/examples/consumer/restore_test.c" ${flags}
    -o "${work}/restore_test_pc")
run(${EMU} "${work}/restore_test_pc")
