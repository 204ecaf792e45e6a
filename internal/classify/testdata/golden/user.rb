require 'json'

module Shop
  class User
    attr_reader :name, :email

    def initialize(name:, email:)
      @name = name
      @email = email
      @orders = []
    end

    def add_order(order)
      @orders << order
      self
    end

    def total
      @orders.sum { |o| o[:amount] }
    end

    def to_json(*args)
      { name: @name, email: @email, total: total }.to_json(*args)
    end
  end
end

user = Shop::User.new(name: 'Alice', email: 'alice@example.com')
user.add_order(amount: 12.5).add_order(amount: 7)
puts user.to_json
