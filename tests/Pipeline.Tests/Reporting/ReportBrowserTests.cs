using Microsoft.Playwright;
using Pipeline.Reporting.Html;
using Xunit;

namespace Pipeline.Tests.Reporting;

/// <summary>Opens a generated report in a real headless Chromium (Debian's package, driven by Playwright).</summary>
public sealed class ReportBrowserTests : IDisposable
{
    private const string ChromiumPath = "/usr/bin/chromium";
    private readonly string _directory = Directory.CreateTempSubdirectory("report-browser-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Ladder_table_and_every_image_load_in_Chromium()
    {
        if (!File.Exists(ChromiumPath))
        {
            Assert.Fail($"Chromium is not installed at {ChromiumPath}; this test needs it: run `apt-get update && apt-get install -y chromium` (CI installs it in .ci/run).");
        }

        var index = ReportWriter.Write(Path.Combine(_directory, "report"), ReportFixtures.Input(ReportRendererTests.WritePreview(_directory)));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var page = await browser.NewPageAsync();
        var outside = new List<string>();
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith("file:", StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                outside.Add(request.Url);
            }
        };
        await page.GotoAsync(new Uri(index).AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Load });

        Assert.Equal("Grocery product classification · tiny <default>", await page.TitleAsync());
        var steps = await page.Locator("#ladder tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.step)");
        Assert.Equal(["single", "tta", "checkpoint_ensemble", "model_ensemble", "pseudolabel"], steps);
        var firstRow = await page.Locator("#ladder tbody tr").First.InnerTextAsync();
        Assert.Contains("70.00%", firstRow);

        var imageCount = await page.EvaluateAsync<int>("() => document.images.length");
        var broken = await page.EvaluateAsync<string[]>(
            "() => Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0).map(i => i.alt)");
        Assert.Equal(9, imageCount);
        Assert.Empty(broken);
        Assert.Empty(outside);
    }
}
