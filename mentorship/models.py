# Models arrive with the issues that build this app (see PRODUCT.md, "Where things live").
