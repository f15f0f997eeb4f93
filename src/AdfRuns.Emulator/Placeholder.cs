namespace AdfRuns.Emulator; internal static class Placeholder { }
