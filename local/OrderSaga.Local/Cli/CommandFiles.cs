namespace OrderSaga.Local.Cli;

/// <summary>Paths the bench and cost commands are given.</summary>
internal static class BenchFiles
{
    /// <summary><c>dotnet run</c> starts a web project in its own folder; relative paths mean the folder the command was typed in.</summary>
    public static FileInfo FromInvocationDirectory(FileInfo file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var typed = file.ToString();
        var shellDirectory = Environment.GetEnvironmentVariable("PWD");
        return Path.IsPathRooted(typed) || string.IsNullOrEmpty(shellDirectory) || !Directory.Exists(shellDirectory)
            ? file
            : new FileInfo(Path.GetFullPath(Path.Combine(shellDirectory, typed)));
    }
}
