package com.example.bank;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

public class Account {
    private final String owner;
    private final List<BigDecimal> entries = new ArrayList<>();

    public Account(String owner) {
        this.owner = owner;
    }

    public void deposit(BigDecimal amount) {
        if (amount.signum() <= 0) {
            throw new IllegalArgumentException("amount must be positive");
        }
        entries.add(amount);
    }

    public BigDecimal balance() {
        BigDecimal sum = BigDecimal.ZERO;
        for (BigDecimal e : entries) {
            sum = sum.add(e);
        }
        return sum;
    }

    @Override
    public String toString() {
        return owner + ": " + balance();
    }
}
