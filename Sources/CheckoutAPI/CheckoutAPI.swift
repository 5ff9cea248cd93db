// CheckoutAPI: filled by its issue; see DESIGN.md §2.
