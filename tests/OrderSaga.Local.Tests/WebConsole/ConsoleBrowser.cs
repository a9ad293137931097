using Microsoft.Playwright;

namespace OrderSaga.Local.Tests.WebConsole;

/// <summary>Debian's chromium driven by Playwright, shared by the fixtures of the console's browser tests.</summary>
internal sealed class ConsoleBrowser : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly IPlaywright playwright;
    private readonly IBrowser browser;

    private ConsoleBrowser(IPlaywright playwright, IBrowser browser)
    {
        this.playwright = playwright;
        this.browser = browser;
    }

    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public static async Task<ConsoleBrowser> LaunchAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"The console's browser tests drive Debian's chromium at {ChromiumPath}: install it with `apt-get install -y chromium`.");
        }

        Directory.CreateDirectory(ScreenshotFolder);
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
            });
            return new ConsoleBrowser(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>A fresh page on the console, which fails the test on any script error or request that leaves the host.</summary>
    public async Task<ConsolePage> OpenAsync(string baseUrl, string hash)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1500, Height = 1000 } });
        var page = await context.NewPageAsync();
        var console = new ConsolePage(context, page, baseUrl);
        await page.GotoAsync($"{baseUrl}/console/{hash}");
        return console;
    }

    public async ValueTask DisposeAsync()
    {
        await browser.DisposeAsync();
        playwright.Dispose();
    }
}
