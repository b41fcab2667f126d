# Sourced by the project's scripts: sets BENEATH_JAVA_HOME to a JDK 25 or newer, or explains
# in one line how to get one and returns non-zero.

beneath_java_feature() { # prints the feature version of the JDK at $1, or nothing
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null
}

beneath_find_jdk() {
  local candidate version
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/*25* /usr/lib/jvm/* \
      "$(dirname "$(dirname "$(readlink -f "$(command -v javac 2>/dev/null || echo /nonexistent)")")")"; do
    [ -n "$candidate" ] && [ -d "$candidate" ] || continue
    version=$(beneath_java_feature "$candidate")
    if [ -n "$version" ] && [ "$version" -ge 25 ]; then
      BENEATH_JAVA_HOME=$candidate
      # Maven's own libraries still call sun.misc.Unsafe, which JDK 25 warns about. Set here, for
      # the JDK 25 only, rather than in .mvn/jvm.config, which an older JDK refuses to start with
      # before the build can say which JDK it needs.
      export MAVEN_OPTS="--sun-misc-unsafe-memory-access=allow ${MAVEN_OPTS:-}"
      return 0
    fi
  done
  echo "beneath: no JDK 25 found; install one (apt-get install -y openjdk-25-jdk-headless, or any JDK 25 under /usr/lib/jvm) or set JAVA_HOME to it" >&2
  return 1
}
