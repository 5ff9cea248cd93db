import CheckoutAPI
print("chatcheckout")
