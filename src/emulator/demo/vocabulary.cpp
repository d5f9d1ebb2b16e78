#include "emulator/demo/vocabulary.hpp"

#include <array>

namespace larkbase::emulator::demo {
namespace {

constexpr std::array kPeople = {
    PersonName{"张伟", "Zhang Wei", "zhang.wei"},
    PersonName{"李娜", "Li Na", "li.na"},
    PersonName{"王芳", "Wang Fang", "wang.fang"},
    PersonName{"刘洋", "Liu Yang", "liu.yang"},
    PersonName{"陈静", "Chen Jing", "chen.jing"},
    PersonName{"杨磊", "Yang Lei", "yang.lei"},
    PersonName{"赵敏", "Zhao Min", "zhao.min"},
    PersonName{"黄晓明", "Huang Xiaoming", "huang.xiaoming"},
    PersonName{"Emma Johnson", "Emma Johnson", "emma.johnson"},
    PersonName{"Liam O'Brien", "Liam O'Brien", "liam.obrien"},
    PersonName{"Sofía Martínez", "Sofia Martinez", "sofia.martinez"},
    PersonName{"Jürgen Müller", "Juergen Mueller", "juergen.mueller"},
    PersonName{"佐藤 花子", "Hanako Sato", "hanako.sato"},
    PersonName{"田中 翔", "Sho Tanaka", "sho.tanaka"},
    PersonName{"Priya Sharma", "Priya Sharma", "priya.sharma"},
    PersonName{"Nguyễn Văn An", "Nguyen Van An", "an.nguyen"},
    PersonName{"Olivia Brown", "Olivia Brown", "olivia.brown"},
    PersonName{"Mohammed Al-Farsi", "Mohammed Al-Farsi", "mohammed.alfarsi"},
    PersonName{"Chloé Dubois", "Chloe Dubois", "chloe.dubois"},
    PersonName{"Kim Min-jun", "Kim Min-jun", "minjun.kim"},
};

constexpr std::array kChats = {
    ChatName{"Sales · East China"}, ChatName{"客户成功群"},           ChatName{"Key Accounts 2025"},
    ChatName{"物流协调"},           ChatName{"APAC Deals Desk"},      ChatName{"Returns & Refunds"},
    ChatName{"華南區銷售"},         ChatName{"Product Launch Squad"},
};

constexpr std::array kPlaces = {
    Place{"Shanghai", "上海市", "上海市", "浦东新区", "世纪大道100号", "上海环球金融中心", 121.5055,
          31.2335, "+86"},
    Place{"Beijing", "北京市", "北京市", "朝阳区", "建国门外大街1号", "国贸大厦", 116.4614, 39.9086,
          "+86"},
    Place{"Shenzhen", "广东省", "深圳市", "南山区", "深南大道10000号", "腾讯大厦", 113.9345,
          22.5405, "+86"},
    Place{"Hangzhou", "浙江省", "杭州市", "余杭区", "文一西路969号", "西溪园区", 120.0265, 30.2796,
          "+86"},
    Place{"Guangzhou", "广东省", "广州市", "天河区", "花城大道85号", "高德置地广场", 113.3245,
          23.1196, "+86"},
    Place{"Chengdu", "四川省", "成都市", "武侯区", "天府大道北段1700号", "环球中心", 104.0665,
          30.5728, "+86"},
    Place{"Singapore", "Singapore", "Singapore", "Downtown Core", "1 Raffles Place",
          "One Raffles Place", 103.8520, 1.2840, "+65"},
    Place{"Tokyo", "東京都", "東京都", "千代田区", "丸の内1丁目9-1", "東京駅", 139.7671, 35.6812,
          "+81"},
    Place{"London", "England", "London", "City of London", "30 St Mary Axe", "The Gherkin", -0.0803,
          51.5145, "+44"},
    Place{"New York", "New York", "New York", "Manhattan", "350 5th Ave", "Empire State Building",
          -73.9857, 40.7484, "+1"},
    Place{"São Paulo", "São Paulo", "São Paulo", "Bela Vista", "Av. Paulista, 1578", "MASP",
          -46.6559, -23.5614, "+55"},
    Place{"Sydney", "New South Wales", "Sydney", "Sydney CBD", "Bennelong Point",
          "Sydney Opera House", 151.2153, -33.8568, "+61"},
    Place{"Jakarta", "DKI Jakarta", "Jakarta", "Menteng", "Jl. M.H. Thamrin No. 1",
          "Grand Indonesia", 106.8230, -6.1950, "+62"},
};

constexpr std::array<std::string_view, 32> kCompanies = {
    "Northwind Traders",  "Contoso Ltd.",         "Fabrikam Inc.",      "Tailspin Toys",
    "Wingtip Toys",       "Adventure Works",      "Litware Inc.",       "Proseware Inc.",
    "Lucerne Publishing", "Blue Yonder Airlines", "Coho Winery",        "Alpine Ski House",
    "Fourth Coffee",      "Wide World Importers", "Trey Research",      "Humongous Insurance",
    "Southridge Video",   "Woodgrove Bank",       "VanArsdel Ltd.",     "Relecloud",
    "华星科技有限公司",   "东方贸易集团",         "盛达物流",           "北辰医疗器械",
    "Café Lumière",       "Müller & Söhne GmbH",  "株式会社さくら商事", "O'Neill & Partners",
    "Nordlicht AB",       "Zenith Robotics",      "Lotus Garden Foods", "Pacific Rim Logistics"};

constexpr std::array kProductKinds = {
    ProductKind{"Office Chair", "Furniture", 189.0},
    ProductKind{"Standing Desk", "Furniture", 459.0},
    ProductKind{"Bookshelf", "Furniture", 129.0},
    ProductKind{"Wireless Mouse", "Accessories", 29.9},
    ProductKind{"Mechanical Keyboard", "Accessories", 89.0},
    ProductKind{"USB-C Hub", "Accessories", 39.5},
    ProductKind{"Laptop Stand", "Accessories", 45.0},
    ProductKind{"27\" 4K Monitor", "Electronics", 329.0},
    ProductKind{"Noise-Cancelling Headphones", "Electronics", 249.0},
    ProductKind{"1080p Webcam", "Electronics", 59.0},
    ProductKind{"Portable SSD 1TB", "Electronics", 119.0},
    ProductKind{"Bluetooth Speaker", "Electronics", 79.0},
    ProductKind{"LED Desk Lamp", "Lighting", 35.0},
    ProductKind{"Floor Lamp", "Lighting", 99.0},
    ProductKind{"保温杯 500ml", "Kitchen", 19.9},
    ProductKind{"Espresso Machine", "Kitchen", 399.0},
    ProductKind{"Electric Kettle", "Kitchen", 49.0},
    ProductKind{"Water Filter Pitcher", "Kitchen", 32.0},
    ProductKind{"A5 Notebook", "Stationery", 6.5},
    ProductKind{"Gel Pen (12-pack)", "Stationery", 9.9},
    ProductKind{"Whiteboard 90×60cm", "Stationery", 69.0},
    ProductKind{"Backpack", "Travel", 75.0},
    ProductKind{"Carry-on Suitcase", "Travel", 189.0},
    ProductKind{"Travel Adapter", "Travel", 24.0},
    ProductKind{"Yoga Mat", "Sports", 39.0},
};

constexpr std::array<std::string_view, 8> kVariants = {"Classic", "Pro",  "Lite", "Max",
                                                       "Mini",    "Plus", "Eco",  "2025 Edition"};

constexpr std::array<std::string_view, 16> kNoteSentences = {
    "Customer asked for express delivery.",
    "Invoice must show the PO number.",
    "Gift wrap requested; no price tags in the box.",
    "Deliver to the loading dock at the rear entrance.",
    "Call before delivery — reception closes at 17:30.",
    "客户要求开具增值税专用发票。",
    "请在周五前发货，谢谢！",
    "納品書を同封してください 📦",
    "Lieferung bis Freitag – danke!",
    "Paiement à 30 jours fin de mois.",
    "Partial shipment accepted if stock is short.",
    "Repeat order; same configuration as last quarter.",
    "Contract renewal pending legal review.",
    "Pallet must not exceed 1.2 m in height.",
    "Use the customer's own courier account.",
    "Price matched against the Q3 promotion ✅",
};

constexpr std::array<std::string_view, 8> kChineseRemarks = {
    "加急", "已电话确认", "需要发票", "客户自提", "分批发货", "节假日不送货", "VIP客户", "已付定金",
};

}  // namespace

std::span<const PersonName> people() { return kPeople; }
std::span<const ChatName> group_chats() { return kChats; }
std::span<const Place> places() { return kPlaces; }
std::span<const std::string_view> companies() { return kCompanies; }
std::span<const ProductKind> product_kinds() { return kProductKinds; }
std::span<const std::string_view> product_variants() { return kVariants; }
std::span<const std::string_view> note_sentences() { return kNoteSentences; }
std::span<const std::string_view> chinese_remarks() { return kChineseRemarks; }

}  // namespace larkbase::emulator::demo
