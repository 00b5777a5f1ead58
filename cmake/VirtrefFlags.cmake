# SPDX-License-Identifier: GPL-2.0-only OR MIT
# Warnings are errors in every build; C11 plus POSIX.1-2008 (strdup, dirent).
add_compile_definitions(_POSIX_C_SOURCE=200809L)
add_compile_options(-Wall -Wextra -Werror -Wshadow -Wstrict-prototypes
                    -Wmissing-prototypes -Wformat=2 -Wno-unused-parameter)
# Position-independent code (for the shared library) would otherwise keep
# every call between two of the library's global functions out of line, in
# case another object interposed one at load time.  virtref's replaceable
# files are swapped at link time, never by interposition.
add_compile_options(-fno-semantic-interposition)
# WARN_ON() reports __FILE__: the source tree's own path relative to its
# top, so that a report or a fuzz finding's signature is the same on every
# machine.
add_compile_options(-fmacro-prefix-map=${PROJECT_SOURCE_DIR}/=)

if(VR_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()

if(VR_COVERAGE)
  add_compile_definitions(VR_COVERAGE)
  # Atomic counter updates: tests run in parallel and Check forks.
  add_compile_options(--coverage -fprofile-update=atomic -O0)
  add_link_options(--coverage)
endif()

if(VR_LIBFUZZER)
  if(NOT CMAKE_C_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "VR_LIBFUZZER needs clang (CC=clang)")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
