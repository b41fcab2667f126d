# Sourced by the project's scripts: sets BENEATH_JAVA_HOME to a JDK 25 or newer, or explains
# in one line how to get one and returns non-zero. Written with bash builtins only (no sed, no
# command substitution until the last resort): the beneath launcher sources it on every run,
# and each forked process costs a short-lived command milliseconds.

beneath_java_feature() { # sets REPLY to the feature version of the JDK at $1, or to nothing
  local line
  REPLY=
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] && [ -r "$1/release" ] || return 0
  while IFS= read -r line; do
    if [[ $line =~ ^JAVA_VERSION=\"([0-9]+) ]]; then
      REPLY=${BASH_REMATCH[1]}
      return 0
    fi
  done < "$1/release"
}

beneath_is_jdk25() { # true when $1 is a JDK 25 or newer; then it becomes BENEATH_JAVA_HOME
  [ -n "$1" ] && [ -d "$1" ] || return 1
  beneath_java_feature "$1"
  [ -n "$REPLY" ] && [ "$REPLY" -ge 25 ] || return 1
  BENEATH_JAVA_HOME=$1
  # Maven's own libraries still call sun.misc.Unsafe, which JDK 25 warns about. Set here, for
  # the JDK 25 only, rather than in .mvn/jvm.config, which an older JDK refuses to start with
  # before the build can say which JDK it needs.
  export MAVEN_OPTS="--sun-misc-unsafe-memory-access=allow ${MAVEN_OPTS:-}"
}

beneath_find_jdk() {
  local candidate javac
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/*25* /usr/lib/jvm/*; do
    beneath_is_jdk25 "$candidate" && return 0
  done
  # the JDK of the javac on the PATH, asked only when nothing above was one
  if javac=$(command -v javac 2>/dev/null) && javac=$(readlink -f "$javac") \
      && beneath_is_jdk25 "${javac%/bin/javac}"; then
    return 0
  fi
  echo "beneath: no JDK 25 found; install one (apt-get install -y openjdk-25-jdk-headless, or any JDK 25 under /usr/lib/jvm) or set JAVA_HOME to it" >&2
  return 1
}
