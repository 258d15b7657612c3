package dev.wsm.bench.jmh;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code wsm-bench jmh [JMH options] [benchmark regex…]}: runs the JMH micro-benchmarks of this jar
 * by handing every argument unchanged to {@link org.openjdk.jmh.Main}, e.g. {@code jmh -f 1 -wi 3
 * -i 5 ProtocolBenchmark}; {@code jmh -l} lists them, {@code jmh -h} shows JMH's options. JMH exits
 * the JVM itself with status 1 when its arguments are wrong or a run fails.
 */
@Command(name = "jmh",
    description = {"Run the JMH micro-benchmarks; every argument goes to JMH unchanged.",
        "Example: jmh -f 1 -wi 3 -i 5 ProtocolBenchmark   (jmh -l lists, jmh -h shows JMH's help)"})
public final class JmhCommand implements Callable<Integer> {
  @CommandLine.Unmatched
  List<String> jmhArgs = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    org.openjdk.jmh.Main.main(jmhArgs.toArray(new String[0]));
    return 0;
  }
}
