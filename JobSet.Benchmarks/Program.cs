namespace JobSet.Benchmarks; internal static class Program { private static void Main() { } }
