using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PreviewAspire.ServiceDefaults;

namespace PreviewAspire.Frontend.Pages;

/// <summary>The orders page: lists orders and posts new ones to the API (post-redirect-get).</summary>
public sealed class IndexModel(OrdersApiClient api, PreviewContext preview, ServiceMesh mesh) : PageModel
{
    /// <summary>The PR this page shows and which of its services are forks.</summary>
    public PreviewBanner Banner { get; } = PreviewBanner.Current(preview, mesh);

    /// <summary>The orders to show.</summary>
    public IReadOnlyList<OrderView> Orders { get; private set; } = [];

    /// <summary>The new-order form.</summary>
    [BindProperty]
    public OrderForm Form { get; set; } = new();

    /// <summary>A one-time confirmation carried across the redirect.</summary>
    [TempData]
    public string? Message { get; set; }

    /// <summary>Shows the orders.</summary>
    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Orders = await api.ListAsync(cancellationToken);

    /// <summary>Creates an order through the API; redirects on success, shows the API's errors otherwise.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        // The API is the one validator: its answer replaces whatever model binding thought.
        ModelState.Clear();
        var (order, errors) = Form.TryReadQuantity(out var quantity)
            ? await api.CreateAsync(Form.Customer, Form.Item, quantity, cancellationToken)
            : (null, new Dictionary<string, string[]> { ["quantity"] = ["Quantity must be a whole number."] });
        if (errors is not null)
        {
            foreach (var (field, messages) in errors)
            {
                foreach (var message in messages)
                {
                    ModelState.AddModelError(FormField(field), message);
                }
            }

            Orders = await api.ListAsync(cancellationToken);
            return Page();
        }

        Message = $"Order {order?.Id} created.";
        return RedirectToPage();
    }

    private static string FormField(string apiField) => apiField switch
    {
        "customer" => $"{nameof(Form)}.{nameof(OrderForm.Customer)}",
        "item" => $"{nameof(Form)}.{nameof(OrderForm.Item)}",
        "quantity" => $"{nameof(Form)}.{nameof(OrderForm.Quantity)}",
        _ => string.Empty,
    };

    /// <summary>The fields of the new-order form.</summary>
    public sealed class OrderForm
    {
        /// <summary>Who orders.</summary>
        public string? Customer { get; set; }

        /// <summary>What is ordered.</summary>
        public string? Item { get; set; }

        /// <summary>How many, as typed: the API receives it as a number.</summary>
        public string? Quantity { get; set; } = "1";

        /// <summary>Reads <see cref="Quantity"/>: null when empty, false when it is not a whole number.</summary>
        public bool TryReadQuantity(out int? quantity)
        {
            quantity = null;
            if (string.IsNullOrWhiteSpace(Quantity))
            {
                return true;
            }

            var parsed = int.TryParse(Quantity.Trim(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var value);
            quantity = value;
            return parsed;
        }
    }
}
