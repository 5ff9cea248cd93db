// Header fields live in a leaf module so that clients of other services (CheckoutWeChat) use
// them without depending on the server; everyone who imports the server sees them too.
@_exported import CheckoutHTTPTypes
