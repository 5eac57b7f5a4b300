# Sourced by ./mvnw, ./blocknas and .ci/run: when JAVA_HOME is unset and the default java is older than
# 25, points JAVA_HOME at a JDK 25 under /usr/lib/jvm (the project compiles with --release 25).
if [ -z "${JAVA_HOME:-}" ]; then
  _major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.specification.version = //p')
  if [ -z "$_major" ] || [ "${_major%%.*}" -lt 25 ] 2>/dev/null; then
    for _jdk in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*25*; do
      if [ -x "$_jdk/bin/javac" ]; then JAVA_HOME=$_jdk; export JAVA_HOME; break; fi
    done
  fi
fi
