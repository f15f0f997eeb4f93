namespace AdfRuns; internal static class Placeholder { }
