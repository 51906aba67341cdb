using OpenQA.Selenium;

namespace PreviewAspire.EndToEndTests;

/// <summary>The frontend in a real browser: the order list renders, and the form places an order that then appears in it.</summary>
public sealed class OrderFormBrowserTests
{
    [BrowserFact]
    public async Task PlacingAnOrderThroughTheFormListsIt()
    {
        Assert.Null(Browser.Missing);
        using var browser = Browser.Start();
        var customer = $"Browser {Guid.NewGuid():N}"[..20];

        // A sleeping preview answers with a page that refreshes itself until the preview is up.
        browser.Navigate().GoToUrl(PreviewTarget.Frontend!);
        await Eventually.MatchesAsync(() => Task.FromResult(browser.FindElements(By.Id("Form_Customer")).Count), count => count == 1, TimeSpan.FromMinutes(3));
        Assert.StartsWith("Orders", browser.Title, StringComparison.Ordinal);
        Assert.Contains("Ada Lovelace", browser.FindElement(By.TagName("table")).Text, StringComparison.Ordinal);

        browser.FindElement(By.Id("Form_Customer")).SendKeys(customer);
        browser.FindElement(By.Id("Form_Item")).SendKeys("Punched tape");
        var quantity = browser.FindElement(By.Id("Form_Quantity"));
        quantity.Clear();
        quantity.SendKeys("4");
        browser.FindElement(By.CssSelector("form button[type=submit]")).Click();

        var row = await Eventually.MatchesAsync(
            () => Task.FromResult(browser.FindElements(By.XPath($"//table//tr[td[text()='{customer}']]")).Select(r => r.Text).FirstOrDefault()),
            text => text is not null,
            TimeSpan.FromSeconds(30));
        Assert.Contains("Punched tape 4", row, StringComparison.Ordinal);
    }

    [BrowserFact]
    public void AnIncompleteFormIsRefusedWithAMessage()
    {
        Assert.Null(Browser.Missing);
        using var browser = Browser.Start();
        browser.Navigate().GoToUrl(PreviewTarget.Frontend!);
        browser.FindElement(By.Id("Form_Item")).SendKeys("No customer");
        // Browser-side checks would stop the post before the server sees it; the server's answer is what is under test.
        ((IJavaScriptExecutor)browser).ExecuteScript("document.querySelector('form').noValidate = true;");
        browser.FindElement(By.CssSelector("form button[type=submit]")).Click();
        Assert.Contains(browser.FindElements(By.CssSelector(".error")), e => e.Text.Length > 0);
    }
}
