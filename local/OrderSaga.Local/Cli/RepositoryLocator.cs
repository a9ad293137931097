namespace OrderSaga.Local.Cli;

/// <summary>Finds the OrderSaga repository (cdk.json beside OrderSaga.sln) from the working directory or the program's folder.</summary>
internal static class RepositoryLocator
{
    public static string Find()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "cdk.json")) && File.Exists(Path.Combine(dir.FullName, "OrderSaga.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new Cloud.LocalCloudException("Cannot find the OrderSaga repository (a folder with cdk.json and OrderSaga.sln) above the current directory.");
    }
}
