namespace AdfRuns.Engine; internal static class Placeholder { }
